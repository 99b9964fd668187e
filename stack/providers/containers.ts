/**
 * The `containers` provider: PostgreSQL, Redis and MinIO through testcontainers' modules. Every URL comes from
 * the mapped host and port; each container is labelled with the stack's id (so a reaper can find it after a
 * crash) and its output goes to `<service>.log` in the temp dir. Ryuk stays on unless the environment turns it off.
 */
import { createWriteStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { ServiceStartError } from '../errors.ts';
import { logTail } from '../log-tail.ts';
import { redisUrl, postgresUrl, type Provider, type ProviderContext, type RunningService } from './provider.ts';

export const STACK_LABEL = 'org.botserver-e2e.stack';
/** The stack's state.json: `container-engine.sh stop` reads its owner pid to tell a running stack from a leftover. */
export const STATE_LABEL = 'org.botserver-e2e.state';

function logTo(file: string) {
  return (stream: Readable) => {
    const out = createWriteStream(file, { flags: 'a', mode: 0o600 });
    stream.pipe(out);
  };
}

async function start<T extends StartedTestContainer>(
  name: RunningService['name'],
  logName: string,
  ctx: ProviderContext,
  image: string,
  container: GenericContainer & { start(): Promise<T> },
): Promise<T> {
  const logFile = ctx.layout.log(logName);
  try {
    return (await container
      .withLabels({ [STACK_LABEL]: ctx.layout.id, [STATE_LABEL]: ctx.layout.stateFile })
      .withLogConsumer(logTo(logFile))
      .withStartupTimeout(ctx.deadlineMs)
      .start()) as T;
  } catch (e) {
    throw new ServiceStartError(name, `container ${image} did not start within ${Math.round(ctx.deadlineMs / 1000)} s: ${(e as Error).message}`, logFile, await logTail(logFile));
  }
}

/** A throwaway container: killed and removed at once (its data goes with it; nothing to shut down gracefully). */
function stopper(c: StartedTestContainer) {
  return async () => {
    await c.stop({ timeout: 0, remove: true, removeVolumes: true }).catch(() => undefined);
  };
}

export const containersProvider: Provider = {
  name: 'containers',

  async startPostgres(ctx) {
    const t0 = Date.now();
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const { dbUser, dbPassword, dbName } = ctx.credentials;
    const image = ctx.images.postgres;
    const c = await start('postgres', 'postgres', ctx, image,
      new PostgreSqlContainer(image).withDatabase(dbName).withUsername(dbUser).withPassword(dbPassword));
    const host = c.getHost();
    const port = c.getPort();
    return {
      name: 'postgres', host, port,
      url: postgresUrl(host, port, ctx.credentials),
      state: { host, port, containerId: c.getId(), image, kind: 'container', log: ctx.layout.log('postgres'), status: 'ready', readyMs: Date.now() - t0, database: dbName, user: dbUser },
      stop: stopper(c),
    };
  },

  async startRedis(ctx) {
    const t0 = Date.now();
    const { RedisContainer } = await import('@testcontainers/redis');
    const image = ctx.images.redis;
    const c = await start('redis', 'redis', ctx, image, new RedisContainer(image).withPassword(ctx.credentials.redisPassword));
    const host = c.getHost();
    const port = c.getPort();
    return {
      name: 'redis', host, port,
      url: redisUrl(host, port, ctx.credentials.redisPassword),
      state: { host, port, containerId: c.getId(), image, kind: 'container', log: ctx.layout.log('redis'), status: 'ready', readyMs: Date.now() - t0 },
      stop: stopper(c),
    };
  },

  async startS3(ctx) {
    const t0 = Date.now();
    const { MinioContainer } = await import('@testcontainers/minio');
    const image = ctx.images.minio;
    const c = await start('s3', 's3', ctx, image,
      new MinioContainer(image).withUsername(ctx.credentials.s3AccessKey).withPassword(ctx.credentials.s3SecretKey));
    const host = c.getHost();
    const port = c.getPort();
    const url = `http://${host}:${port}`;
    return {
      name: 's3', host, port, url,
      state: { host, port, url, containerId: c.getId(), image, kind: 'container', log: ctx.layout.log('s3'), status: 'ready', readyMs: Date.now() - t0 },
      stop: stopper(c),
    };
  },
};
