import { claimPort } from '../../port-claims.ts';
import { Restartable } from '../../restartable.ts';
import { redisPing } from '../../checks.ts';
import { ServiceStartError } from '../../errors.ts';
import { onPath } from '../../../lib/on-path.ts';
import { redisUrl, type ProviderContext, type RunningService } from '../provider.ts';

/** redis-server from PATH, on a free 127.0.0.1 port, with a per-stack password and no persistence. */
export async function startLocalRedis(ctx: ProviderContext): Promise<RunningService> {
  const started = Date.now();
  const logFile = ctx.layout.log('redis');
  const bin = onPath('redis-server');
  if (!bin) throw new ServiceStartError('redis', 'redis-server is not on PATH: install it (apt-get install -y redis-server)');
  const port = await claimPort(ctx.layout.id);
  const url = redisUrl('127.0.0.1', port, ctx.credentials.redisPassword);
  const restartable = await Restartable.start({
    process: {
      name: 'redis',
      command: bin,
      args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--dir', ctx.layout.redisData, '--requirepass', ctx.credentials.redisPassword, '--daemonize', 'no'],
      logFile,
    },
    ready: () => redisPing(url), what: 'PING', deadlineMs: ctx.deadlineMs, graceMs: 3000, register: (pid) => ctx.register('redis', pid),
  });
  return {
    name: 'redis',
    restartable,
    host: '127.0.0.1',
    port,
    url,
    state: { host: '127.0.0.1', port, pid: restartable.pid, kind: `local (${bin})`, log: logFile, status: 'ready', readyMs: Date.now() - started },
    stop: () => restartable.stop(),
  };
}
