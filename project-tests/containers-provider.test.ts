/**
 * The containers provider for real (testcontainers on a Docker engine). Skipped, saying why and how to enable
 * it, where no container runtime answers; CI starts one with scripts/container-engine.sh.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { containerRuntimeAnswers } from '../stack/providers/select-provider.ts';
import { STACK_LABEL } from '../stack/providers/containers.ts';
import { postgresSelectOne, redisPing, s3ListBuckets } from '../stack/checks.ts';
import { CLI, eventually, isolatedTmp } from './helpers.ts';
import { leftOf, readStateOf, stackDirOf, startCli } from './leftovers.ts';
import { join } from 'node:path';
import redis from '../stack/services/redis.ts';

const runtime = await containerRuntimeAnswers();
const skip = runtime.ok
  ? false
  : `no container runtime answers (${runtime.why}): run \`eval "$(bash scripts/container-engine.sh start)"\` as root, or start Docker and set DOCKER_HOST`;
if (skip) console.log(`# containers provider tests skipped: ${skip}`);

const config = (env: Record<string, string> = {}) =>
  loadConfig({ ...process.env, STACK_PROVIDER: 'containers', ...env });
const labelled = (id: string) =>
  execFileSync('docker', ['ps', '-a', '-q', '--filter', `label=${STACK_LABEL}=${id}`], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .filter(Boolean);

test(
  'containers: spawn, readiness, exports that connect, state.json with container ids and images, nothing left after',
  { skip },
  async () => {
    const stack = await TemporaryStack.start({ config: config(), log: () => undefined });
    try {
      const env = stack.env();
      await postgresSelectOne(env.DATABASE_URL!);
      await redisPing(env.REDIS_URL!);
      assert.ok(
        (await s3ListBuckets(env.MINIO_URL!, env.MINIO_ACCESS_KEY!, env.MINIO_SECRET_KEY!)).includes('default.gbai'),
      );
      assert.equal(
        (await (await fetch(`${env.BOTSERVER_URL}/api/health`)).json()).database,
        true,
        'the platform runs on the containers',
      );
      const state = JSON.parse(readFileSync(stack.layout.stateFile, 'utf8'));
      assert.equal(state.provider, 'containers');
      for (const s of ['postgres', 'redis', 's3']) {
        assert.match(state.services[s].containerId, /^[0-9a-f]{64}$/);
        assert.ok(state.services[s].image);
        assert.equal(state.services[s].host, '127.0.0.1');
      }
      assert.equal(
        labelled(stack.state.id).length,
        4,
        'four containers (PostgreSQL, Redis, S3, the vector store) carry the stack label',
      );
      // The engine scripts/container-engine.sh starts binds published ports to loopback (dockerd --ip); another
      // engine (GitHub's runners) binds them as it is configured, which testcontainers-node cannot change.
      if ((process.env.DOCKER_HOST ?? '').includes('botserver-e2e-docker')) {
        const ports = execFileSync(
          'docker',
          ['ps', '--filter', `label=${STACK_LABEL}=${stack.state.id}`, '--format', '{{.Ports}}'],
          { encoding: 'utf8' },
        );
        assert.doesNotMatch(ports, /0\.0\.0\.0:/, `published ports bind loopback only: ${ports}`);
      }
      assert.ok(
        existsSync(`${stack.dir}/postgres.log`) &&
          existsSync(`${stack.dir}/redis.log`) &&
          existsSync(`${stack.dir}/s3.log`),
      );
    } finally {
      await stack.shutdown();
    }
    assert.deepEqual(labelled(stack.state.id), []);
    assert.equal(existsSync(stack.dir), false);
  },
);

test(
  'containers: a service that fails to start (unknown image) fails clearly and removes what started',
  { skip },
  async () => {
    let id = '';
    await assert.rejects(
      TemporaryStack.start({
        config: config({ REDIS_IMAGE: 'botserver-e2e/no-such-image:0', SERVICE_READY_TIMEOUT: '20' }),
        platform: false,
        log: (l) => {
          id ||= /botserver-test-(\S+)/.exec(l)?.[1] ?? '';
        },
      }),
      /redis did not start: container botserver-e2e\/no-such-image:0/,
    );
    assert.ok(id);
    assert.ok(await eventually(() => labelled(id).length === 0, 10_000), 'no labelled container left');
  },
);

test('containers: two stacks at once', { skip }, async () => {
  const [a, b] = await Promise.all(
    [0, 1].map(() => TemporaryStack.start({ config: config(), platform: false, log: () => undefined })),
  );
  try {
    assert.notEqual(a!.env().DB_PORT, b!.env().DB_PORT);
    await Promise.all([postgresSelectOne(a!.env().DATABASE_URL!), postgresSelectOne(b!.env().DATABASE_URL!)]);
  } finally {
    await Promise.all([a!.shutdown(), b!.shutdown()]);
  }
  assert.deepEqual([...labelled(a!.state.id), ...labelled(b!.state.id)], []);
});

for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
  test(
    `containers: ${signal} of the owner leaves no labelled container and no temp dir within 10 s`,
    { skip },
    async () => {
      const child = spawn(process.execPath, [CLI, '--no-platform'], {
        env: { ...process.env, STACK_PROVIDER: 'containers' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout!.on('data', (d) => (out += d));
      const exited = new Promise((r) => child.on('exit', r));
      assert.ok(await eventually(() => out.includes('REDIS_URL'), 60_000), 'ready');
      const dir = /BOTSERVER_TEMP_STACK_DIR='([^']+)'/.exec(out)![1]!;
      const id = dir.replace(/^.*botserver-test-/, '');
      assert.equal(labelled(id).length, 4);
      child.kill(signal);
      await exited;
      assert.ok(await eventually(() => labelled(id).length === 0, 10_000), 'no labelled container left');
      assert.ok(await eventually(() => !existsSync(dir), 10_000), 'no temp dir left');
    },
  );
}

test(
  'containers: owner and watchdog both SIGKILLed, then a new start: it removes the labelled containers and says so',
  { skip },
  async () => {
    const records = join(isolatedTmp(), 'records');
    const a = startCli(['--no-platform'], { STACK_PROVIDER: 'containers', STACK_RECORDS_DIR: records });
    assert.ok(await eventually(() => /ready; state in/.test(a.stderr()), 60_000), a.stderr());
    const state = readStateOf(stackDirOf(a.stderr())!);
    assert.equal(labelled(state.id).length, 4);
    process.kill(state.watchdogPid!, 'SIGKILL');
    a.kill('SIGKILL');
    await a.exited;
    assert.equal(labelled(state.id).length, 4, 'nobody is left to remove them');
    const b = startCli(['--no-platform'], { STACK_PROVIDER: 'local', STACK_RECORDS_DIR: records });
    try {
      assert.ok(await eventually(() => /ready; state in/.test(b.stderr()), 60_000), b.stderr());
      assert.match(
        b.stderr(),
        new RegExp(
          `removed what 1 abandoned stack left \\(its owner and watchdog are gone\\): .*, 4 containers \\(${state.id}\\)`,
        ),
      );
      assert.deepEqual(labelled(state.id), []);
      assert.deepEqual(leftOf(state), []);
    } finally {
      b.kill('SIGTERM');
      await b.exited;
    }
  },
);

test(
  'container-engine.sh prune refuses while a stack runs, and removes what stacks no longer running left',
  { skip },
  async () => {
    const script = new URL('../scripts/container-engine.sh', import.meta.url).pathname;
    const prune = () => spawnSync('bash', [script, 'prune'], { encoding: 'utf8', env: process.env });
    const stack = await TemporaryStack.start({ config: config(), log: () => undefined, platform: false });
    try {
      const refused = prune();
      assert.equal(refused.status, 1, refused.stderr);
      assert.match(refused.stderr, new RegExp(`stack ${stack.state.id} is running \\(owner pid ${process.pid}`));
      assert.ok(labelled(stack.state.id).length >= 4, 'its containers are left alone');
    } finally {
      await stack.shutdown();
    }
    const leftover = `leftover-${process.pid}`;
    execFileSync('docker', ['create', '--label', `${STACK_LABEL}=${leftover}`, config().setting(redis.image!)], {
      encoding: 'utf8',
    });
    assert.equal(labelled(leftover).length, 1);
    const pruned = prune();
    assert.equal(pruned.status, 0, pruned.stderr);
    assert.deepEqual(labelled(leftover), [], 'the leftover container is removed');
  },
);
