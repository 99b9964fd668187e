/** Protocol-level readiness checks: a real query, a real PING, a real bucket list, a real HTTP answer. */
import pg from 'pg';
import { Redis } from 'ioredis';
import { S3Client, ListBucketsCommand } from '@aws-sdk/client-s3';

export async function postgresSelectOne(target: string | pg.ClientConfig): Promise<void> {
  const client = new pg.Client({
    ...(typeof target === 'string' ? { connectionString: target } : target),
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    const r = await client.query('select 1 as ok');
    if (r.rows[0]?.ok !== 1) throw new Error('select 1 returned no row');
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function redisPing(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const pong = await redis.ping();
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
  } finally {
    redis.disconnect();
  }
}

export function s3Client(endpoint: string, accessKeyId: string, secretAccessKey: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1,
  });
}

export async function s3ListBuckets(endpoint: string, accessKey: string, secretKey: string): Promise<string[]> {
  const s3 = s3Client(endpoint, accessKey, secretKey);
  try {
    const r = await s3.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(2000) });
    return (r.Buckets ?? []).map((b) => b.Name ?? '');
  } finally {
    s3.destroy();
  }
}

export async function httpOk(url: string, timeoutMs = 2000): Promise<Response> {
  const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!r.ok) throw new Error(`GET ${url} answered ${r.status}`);
  return r;
}
