import { claimPort } from '../../port-claims.ts';
import { fileURLToPath } from 'node:url';
import { ManagedProcess } from '../../managed-process.ts';
import { waitUntilReady } from '../../readiness.ts';
import { s3ListBuckets } from '../../checks.ts';
import { onPath } from '../../../lib/on-path.ts';
import type { ProviderContext, RunningService } from '../provider.ts';

const EMBEDDED = fileURLToPath(new URL('../../s3-embedded-server.ts', import.meta.url));

/**
 * S3 for the stack: a `minio` binary when one is on PATH, else the embedded S3-compatible server (s3rver, in
 * its own process). The embedded one is not MinIO (no admin API, no /minio/health/live) and is named for what it is.
 */
export async function startLocalS3(ctx: ProviderContext): Promise<RunningService> {
  const started = Date.now();
  const logFile = ctx.layout.log('s3');
  const { s3AccessKey, s3SecretKey } = ctx.credentials;
  const port = await claimPort(ctx.layout.id);
  const minio = onPath('minio');
  const proc = minio
    ? ManagedProcess.start({
        name: 's3',
        command: minio,
        args: ['server', ctx.layout.minioData, '--address', `127.0.0.1:${port}`, '--console-address', `127.0.0.1:${await claimPort(ctx.layout.id)}`],
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
    await waitUntilReady(() => s3ListBuckets(url, s3AccessKey, s3SecretKey), { service: 's3', what: 'S3 ListBuckets', deadlineMs: ctx.deadlineMs, logFile, process: proc });
  } catch (e) {
    await proc.stop(1000);
    throw e;
  }
  return {
    name: 's3',
    host: '127.0.0.1',
    port,
    url,
    state: { host: '127.0.0.1', port, url, pid: proc.pid, kind: minio ? `minio (${minio})` : 'embedded s3rver (not MinIO)', log: logFile, status: 'ready', readyMs: Date.now() - started },
    stop: () => proc.stop(3000),
  };
}
