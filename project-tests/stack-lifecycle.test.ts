import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { S3Client, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { postgresSelectOne, redisPing, s3ListBuckets } from '../stack/checks.ts';
import { alive, eventually, isolatedTmp, listeningSockets, pidsOf, stackDirs } from './helpers.ts';

const quiet = () => undefined;
const config = (env: Record<string, string> = {}) => loadConfig({ STACK_PROVIDER: 'local', ...env });

test('spawn → ready → shutdown: services answer, state.json says so, nothing is left', async () => {
  const stack = await TemporaryStack.spawn({ config: config(), platform: false, log: quiet });
  assert.match(stack.dir, /\/botserver-test-\d{8}-\d{6}-[0-9a-f]{8}$/);
  assert.equal(statSync(stack.dir).mode & 0o777, 0o700, 'the temp dir is 0700');
  for (const sub of [
    'postgres/data',
    'redis/data',
    'minio/data',
    'botserver/logs',
    'botserver/config',
    'botserver/cache',
  ]) {
    assert.ok(existsSync(`${stack.dir}/${sub}`), `${sub} exists`);
  }
  await stack.waitReady();
  const env = stack.env();
  await postgresSelectOne(env.DATABASE_URL!);
  await redisPing(env.REDIS_URL!);
  assert.ok(
    (await s3ListBuckets(env.MINIO_URL!, env.MINIO_ACCESS_KEY!, env.MINIO_SECRET_KEY!)).includes('default.gbai'),
  );
  assert.match(env.DB_NAME!, /^botserver_test_/);

  const state = JSON.parse(await readFile(stack.layout.stateFile, 'utf8'));
  assert.equal(state.status, 'ready');
  assert.equal(state.provider, 'local');
  for (const s of ['postgres', 'redis', 's3', 'llm', 'directory']) {
    assert.equal(state.services[s].status, 'ready', `${s} ready`);
    assert.ok(state.services[s].pid > 0, `${s} has a pid`);
    assert.ok(state.services[s].port > 0, `${s} has a port`);
    assert.ok(typeof state.timings[`${s}.ready`] === 'number', `${s} ready time recorded`);
  }
  for (const log of ['postgres.log', 'redis.log', 's3.log', 'llm.log', 'directory.log'])
    assert.ok(existsSync(`${stack.dir}/${log}`), `${log} written`);

  // Every service listens on 127.0.0.1 only.
  const ports = Object.values(state.services as Record<string, { port: number }>).map((s) => s.port);
  const sockets = listeningSockets().filter((s) => ports.includes(s.port));
  assert.ok(sockets.length >= ports.length);
  assert.deepEqual(
    sockets.filter((s) => s.address !== '127.0.0.1'),
    [],
    'nothing listens beyond 127.0.0.1',
  );

  const pids = pidsOf(state);
  await stack.shutdown();
  assert.ok(stack.state.timings.teardown! < 5000);
  assert.equal(existsSync(stack.dir), false, 'the temp dir is removed');
  assert.ok(await eventually(() => pids.every((p) => !alive(p)), 5000), 'every process is gone');
  await stack.shutdown(); // idempotent
});

test('the config.csv the platform reads is in the bucket', async () => {
  const stack = await TemporaryStack.start({ config: config(), platform: false, log: quiet });
  try {
    const env = stack.env();
    const s3 = new S3Client({
      endpoint: env.MINIO_URL,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: env.MINIO_ACCESS_KEY!, secretAccessKey: env.MINIO_SECRET_KEY! },
    });
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'default.gbai' }));
    assert.deepEqual(
      list.Contents?.map((o) => o.Key),
      ['default.gbot/config.csv'],
    );
    s3.destroy();
  } finally {
    await stack.shutdown();
  }
});

test('two stacks at once do not clash', async () => {
  const [a, b] = await Promise.all([
    TemporaryStack.start({ config: config(), platform: false, log: quiet }),
    TemporaryStack.start({ config: config(), platform: false, log: quiet }),
  ]);
  try {
    assert.notEqual(a.dir, b.dir);
    const ea = a.env();
    const eb = b.env();
    for (const k of [
      'DB_PORT',
      'REDIS_URL',
      'MINIO_URL',
      'LLM_URL',
      'DIRECTORY_URL',
      'DB_PASSWORD',
      'MINIO_SECRET_KEY',
    ])
      assert.notEqual(ea[k], eb[k], `${k} differs`);
    await Promise.all([
      postgresSelectOne(ea.DATABASE_URL!),
      postgresSelectOne(eb.DATABASE_URL!),
      redisPing(ea.REDIS_URL!),
      redisPing(eb.REDIS_URL!),
    ]);
    await assert.rejects(redisPing(ea.REDIS_URL!.replace(/:[^:@/]+@/, ':wrong@')), 'each Redis has its own password');
  } finally {
    await Promise.all([a.shutdown(), b.shutdown()]);
  }
  assert.equal(existsSync(a.dir) || existsSync(b.dir), false);
});

test('KEEP_TEMP_STACK_ON_ERROR keeps the dir after a failure, and only then', async () => {
  const stack = await TemporaryStack.start({
    config: config({ KEEP_TEMP_STACK_ON_ERROR: '1' }),
    platform: false,
    log: quiet,
  });
  const pids = pidsOf(stack.state);
  await stack.shutdown({ failed: true });
  assert.ok(existsSync(stack.dir), 'kept after a failure');
  assert.ok(existsSync(`${stack.dir}/postgres.log`));
  assert.equal(JSON.parse(readFileSync(stack.layout.stateFile, 'utf8')).status, 'stopped');
  assert.ok(await eventually(() => pids.every((p) => !alive(p)), 5000), 'processes stopped even when the dir is kept');
  await import('node:fs/promises').then((fs) => fs.rm(stack.dir, { recursive: true, force: true }));

  const ok = await TemporaryStack.start({
    config: config({ KEEP_TEMP_STACK_ON_ERROR: '1' }),
    platform: false,
    log: quiet,
  });
  await ok.shutdown({ failed: false });
  assert.equal(existsSync(ok.dir), false, 'removed after a success');
});

test('a service that cannot start fails with its name, the reason and its log, and nothing is left', async () => {
  const t0 = Date.now();
  const tmp = isolatedTmp();
  await assert.rejects(
    TemporaryStack.start({ config: { ...config(), pgBinDir: '/bin' }, platform: false, log: quiet, tmpBase: tmp }),
    (e: Error) => /postgres did not start: initdb|postgres/.test(e.message),
  );
  assert.ok(Date.now() - t0 < 5000, 'fails within 5 s');
  assert.deepEqual(stackDirs(tmp), [], 'no temp dir left');
});

test("a service's start stopped by a plain error (not a readiness deadline) names the service, and nothing is left", async () => {
  const tmp = isolatedTmp();
  const file = join(tmp, 'a-file');
  writeFileSync(file, '');
  await assert.rejects(
    TemporaryStack.start({
      config: config({ PG_TEMPLATE_DIR: join(file, 'templates') }),
      platform: false,
      log: quiet,
      tmpBase: tmp,
    }),
    (e: Error) => {
      assert.match(e.message, /^postgres did not start: ENOTDIR/, 'the driver error carries the service it stopped');
      return true;
    },
  );
  assert.deepEqual(stackDirs(tmp), [], 'no temp dir left');
});

test('the timeout shuts an idle stack down by itself', async () => {
  const stack = await TemporaryStack.start({
    config: config({ TEMP_STACK_TIMEOUT: '1' }),
    platform: false,
    log: quiet,
  });
  const pids = pidsOf(stack.state);
  await stack.stopped;
  assert.equal(existsSync(stack.dir), false);
  assert.ok(await eventually(() => pids.every((p) => !alive(p)), 5000));
});
