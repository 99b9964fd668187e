/**
 * Redis, the platform's cache and session store.
 * - needs: nothing.
 * - local: redis-server from PATH on a free 127.0.0.1 port, with the stack's password and no persistence.
 * - containers: testcontainers' Redis module with the stack's password.
 * - exports: REDIS_URL.
 * - the platform's env: CACHE_URL and REDIS_URL (the same URL; builds read one or the other).
 * - faults: a fault spec may stop it (local provider).
 */
import { claimPort } from '../port-claims.ts';
import { Restartable } from '../restartable.ts';
import { redisPing } from '../checks.ts';
import { ServiceStartError } from '../errors.ts';
import { onPath } from '../../lib/on-path.ts';
import { containerState, removeContainer, startContainer } from '../providers/containers.ts';
import type { StackContext, StackService, StartedService } from './types.ts';

/** A Redis URL with the stack's password. */
export function redisUrl(host: string, port: number, password: string): string {
  return `redis://default:${encodeURIComponent(password)}@${host}:${port}`;
}

async function startLocal(ctx: StackContext): Promise<StartedService> {
  const t0 = Date.now();
  const logFile = ctx.layout.log('redis');
  const bin = onPath('redis-server');
  if (!bin)
    throw new ServiceStartError('redis', 'redis-server is not on PATH: install it (apt-get install -y redis-server)');
  const port = await claimPort(ctx.layout.id);
  const url = redisUrl('127.0.0.1', port, ctx.credentials.redisPassword);
  const restartable = await Restartable.start({
    process: {
      name: 'redis',
      command: bin,
      args: [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        ctx.layout.redisData,
        '--requirepass',
        ctx.credentials.redisPassword,
        '--daemonize',
        'no',
      ],
      logFile,
    },
    ready: () => redisPing(url),
    what: 'PING',
    deadlineMs: ctx.config.serviceReadyMs,
    graceMs: 3000,
    register: (pid) => ctx.register('redis', pid),
  });
  return {
    restartable,
    url,
    env: { REDIS_URL: url },
    state: {
      host: '127.0.0.1',
      port,
      pid: restartable.pid,
      kind: `local (${bin})`,
      log: logFile,
      status: 'ready',
      readyMs: Date.now() - t0,
    },
    stop: () => restartable.stop(),
  };
}

async function startContainers(ctx: StackContext): Promise<StartedService> {
  const t0 = Date.now();
  const { RedisContainer } = await import('@testcontainers/redis');
  const image = ctx.config.setting(redis.image!);
  const c = await startContainer(
    'redis',
    ctx,
    image,
    new RedisContainer(image).withPassword(ctx.credentials.redisPassword),
  );
  const url = redisUrl(c.getHost(), c.getPort(), ctx.credentials.redisPassword);
  return {
    url,
    env: { REDIS_URL: url },
    state: containerState('redis', ctx, c, c.getPort(), image, t0),
    stop: removeContainer(c),
  };
}

const redis: StackService = {
  key: 'redis',
  needs: [],
  start: { local: startLocal, containers: startContainers },
  image: {
    name: 'REDIS_IMAGE',
    default: 'redis:7.4-alpine',
    meaning: 'Redis image (containers provider)',
    local: 'botserver-e2e/redis:7',
  },
  about: { platform: '`CACHE_URL`, `REDIS_URL`' },
  exports: ['REDIS_URL'],
  platformEnv: (svc) => ({ CACHE_URL: svc.url!, REDIS_URL: svc.url! }),
  faults: true,
};
export default redis;
