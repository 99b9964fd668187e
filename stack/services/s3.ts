/**
 * S3, the platform's drive: bot packages live in buckets (`<bot>.gbai`).
 * - needs: nothing to start; once the LLM stand-in and the vector store are ready too, the drive's default bot
 *   package gets its `default.gbot/config.csv` naming them (stack/botserver-wiring.ts seedBucket), before the
 *   platform starts.
 * - local: a `minio` binary when one is on PATH, else the embedded S3-compatible server (s3rver in its own
 *   process; not MinIO: no admin API, no /minio/health/live, and named for what it is).
 * - containers: testcontainers' MinIO module with the stack's keys.
 * - exports: MINIO_URL, MINIO_ACCESS_KEY, MINIO_SECRET_KEY.
 * - the platform's env: MINIO_SERVER (host:port, PRE) and MINIO_ENDPOINT (URL, HEAD) both (§11.6), the keys and the
 *   default bucket.
 * - faults: not stopped by fault specs.
 */
import { fileURLToPath } from 'node:url';
import { claimPort } from '../port-claims.ts';
import { ManagedProcess } from '../managed-process.ts';
import { waitUntilReady } from '../readiness.ts';
import { s3ListBuckets } from '../checks.ts';
import { onPath } from '../../lib/on-path.ts';
import { BUCKET, seedBucket } from '../botserver-wiring.ts';
import { containerState, removeContainer, startContainer } from '../providers/containers.ts';
import type { StackContext, StackService, StartedService } from './types.ts';

const EMBEDDED = fileURLToPath(new URL('../s3-embedded-server.ts', import.meta.url));

function started(ctx: StackContext, url: string, rest: Omit<StartedService, 'url' | 'env'>): StartedService {
  return {
    ...rest,
    url,
    env: {
      MINIO_URL: url,
      MINIO_ACCESS_KEY: ctx.credentials.s3AccessKey,
      MINIO_SECRET_KEY: ctx.credentials.s3SecretKey,
    },
  };
}

async function startLocal(ctx: StackContext): Promise<StartedService> {
  const t0 = Date.now();
  const logFile = ctx.layout.log('s3');
  const { s3AccessKey, s3SecretKey } = ctx.credentials;
  const port = await claimPort(ctx.layout.id);
  const minio = onPath('minio');
  const proc = minio
    ? ManagedProcess.start({
        name: 's3',
        command: minio,
        args: [
          'server',
          ctx.layout.minioData,
          '--address',
          `127.0.0.1:${port}`,
          '--console-address',
          `127.0.0.1:${await claimPort(ctx.layout.id)}`,
        ],
        env: { MINIO_ROOT_USER: s3AccessKey, MINIO_ROOT_PASSWORD: s3SecretKey },
        logFile,
      })
    : ManagedProcess.start({
        name: 's3',
        command: process.execPath,
        args: [EMBEDDED, '--port', String(port), '--dir', ctx.layout.minioData],
        env: { S3_ACCESS_KEY: s3AccessKey, S3_SECRET_KEY: s3SecretKey },
        logFile,
        cwd: ctx.layout.dir,
      });
  ctx.register('s3', proc.pid);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilReady(() => s3ListBuckets(url, s3AccessKey, s3SecretKey), {
      service: 's3',
      what: 'S3 ListBuckets',
      deadlineMs: ctx.config.serviceReadyMs,
      logFile,
      process: proc,
    });
  } catch (e) {
    await proc.stop(1000);
    throw e;
  }
  return started(ctx, url, {
    state: {
      host: '127.0.0.1',
      port,
      url,
      pid: proc.pid,
      kind: minio ? `minio (${minio})` : 'embedded s3rver (not MinIO)',
      log: logFile,
      status: 'ready',
      readyMs: Date.now() - t0,
    },
    stop: () => proc.stop(3000),
  });
}

async function startContainers(ctx: StackContext): Promise<StartedService> {
  const t0 = Date.now();
  const { MinioContainer } = await import('@testcontainers/minio');
  const image = ctx.config.setting(s3.image!);
  const c = await startContainer(
    's3',
    ctx,
    image,
    new MinioContainer(image).withUsername(ctx.credentials.s3AccessKey).withPassword(ctx.credentials.s3SecretKey),
  );
  const url = `http://${c.getHost()}:${c.getPort()}`;
  return started(ctx, url, {
    state: { ...containerState('s3', ctx, c, c.getPort(), image, t0), url },
    stop: removeContainer(c),
  });
}

const s3: StackService = {
  key: 's3',
  needs: [],
  start: { local: startLocal, containers: startContainers },
  image: {
    name: 'MINIO_IMAGE',
    default: 'minio/minio:RELEASE.2025-09-07T16-13-09Z',
    meaning: 'MinIO image (containers provider)',
    // The embedded S3 server (s3rver) behind MinIO's command line and health route: not MinIO, and named so.
    local: 'botserver-e2e/s3-standin:1',
  },
  about: {
    needs: "nothing; the LLM and the vector store before its default bot's `config.csv`",
    platform: '`MINIO_SERVER`, `MINIO_ENDPOINT`, the keys, `MINIO_BUCKET`',
  },
  exports: ['MINIO_URL', 'MINIO_ACCESS_KEY', 'MINIO_SECRET_KEY'],
  platformEnv: (svc, ctx) => ({
    MINIO_SERVER: `${svc.state.host}:${svc.state.port}`,
    MINIO_ENDPOINT: svc.url!,
    MINIO_ACCESS_KEY: ctx.credentials.s3AccessKey,
    MINIO_SECRET_KEY: ctx.credentials.s3SecretKey,
    MINIO_BUCKET: BUCKET,
  }),
  then: {
    needs: ['llm', 'qdrant'],
    async run(svc, ctx) {
      const vectordb = ctx.started.has('qdrant') ? ctx.service('qdrant').url : undefined;
      await seedBucket(
        { url: svc.url!, accessKey: ctx.credentials.s3AccessKey, secretKey: ctx.credentials.s3SecretKey },
        ctx.service('llm').url!,
        ctx.secrets.llmKey,
        vectordb,
      );
      svc.state.bucket = BUCKET;
    },
  },
  faults: false,
};
export default s3;
