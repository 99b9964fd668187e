import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { postgresSelectOne, redisPing, s3ListBuckets } from '../stack/checks.ts';
import { CLI, alive, eventually, isolatedTmp, pidsOf, processesOf, stackDirs, tempDir } from './helpers.ts';
import { stopStarted } from './leftovers.ts';

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

// A test that fails half-way (a deadline on a busy machine) leaves no CLI, hence no stack, running.
const children: ChildProcess[] = [];
after(() => stopStarted(children));

function run(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, STACK_PROVIDER: 'local', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.trim().split('\n')) {
    const m = /^export ([A-Z_][A-Z0-9_]*)='((?:[^']|'\\'')*)'$/.exec(line);
    assert.ok(m, `stdout line is an export: ${line}`);
    env[m[1]!] = m[2]!.replace(/'\\''/g, "'");
  }
  return env;
}

test('stdout holds only export lines, and they connect to PostgreSQL, Redis, S3 and the platform', async () => {
  const r = run(['--timeout', '60']);
  assert.ok(
    await eventually(() => r.stdout().includes('BOTSERVER_URL'), 30_000),
    `ready in time; stderr:\n${r.stderr()}`,
  );
  const env = parseExports(r.stdout());
  for (const name of [
    'BOTSERVER_TEMP_STACK_DIR',
    'DB_HOST',
    'DB_PORT',
    'DB_NAME',
    'DB_USER',
    'DB_PASSWORD',
    'DATABASE_URL',
    'REDIS_URL',
    'MINIO_URL',
    'MINIO_ACCESS_KEY',
    'MINIO_SECRET_KEY',
    'LLM_URL',
    'DIRECTORY_URL',
    'E2E_USER_EMAIL',
    'E2E_USER_PASSWORD',
    'BOTSERVER_URL',
  ]) {
    assert.ok(env[name], `${name} exported`);
  }
  await postgresSelectOne(`postgres://${env.DB_USER}:${env.DB_PASSWORD}@${env.DB_HOST}:${env.DB_PORT}/${env.DB_NAME}`);
  await redisPing(env.REDIS_URL!);
  assert.ok(
    (await s3ListBuckets(env.MINIO_URL!, env.MINIO_ACCESS_KEY!, env.MINIO_SECRET_KEY!)).includes('default.gbai'),
  );
  const health = await (await fetch(`${env.BOTSERVER_URL}/api/health`)).json();
  assert.equal(health.database, true);
  assert.ok(!r.stderr().includes(env.DB_PASSWORD!), 'the password is not printed on stderr');

  const state = JSON.parse(readFileSync(`${env.BOTSERVER_TEMP_STACK_DIR}/state.json`, 'utf8'));
  assert.ok(processesOf(env.BOTSERVER_TEMP_STACK_DIR!).length >= 6, "the stack's processes are found by their dir");
  r.child.kill('SIGINT');
  assert.equal(await r.exited, 130);
  assert.equal(existsSync(env.BOTSERVER_TEMP_STACK_DIR!), false, 'SIGINT removes the temp dir');
  assert.ok(await eventually(() => pidsOf(state).every((p) => !alive(p)), 10_000), 'SIGINT leaves no process');
  assert.deepEqual(processesOf(env.BOTSERVER_TEMP_STACK_DIR!), []);
});

test('SIGINT during setup cleans up', async () => {
  const tmp = isolatedTmp();
  const r = run([], { TMPDIR: tmp });
  assert.ok(await eventually(() => r.stderr().includes('temp dir'), 10_000));
  r.child.kill('SIGINT');
  await r.exited;
  const dir = /temp dir (\S+)/.exec(r.stderr())![1]!;
  assert.ok(await eventually(() => !existsSync(dir), 10_000), 'no temp dir left');
  assert.ok(await eventually(() => processesOf(dir).length === 0, 10_000), `no process left: ${processesOf(dir)}`);
  assert.deepEqual(stackDirs(tmp), []);
});

test('SIGKILL of the owner: the watchdog kills every process and removes the dir within 10 s', async () => {
  const r = run([]);
  assert.ok(await eventually(() => r.stdout().includes('BOTSERVER_URL'), 30_000));
  const dir = parseExports(r.stdout()).BOTSERVER_TEMP_STACK_DIR!;
  const state = JSON.parse(readFileSync(`${dir}/state.json`, 'utf8'));
  const pids = pidsOf(state);
  assert.ok(pids.length >= 6);
  r.child.kill('SIGKILL');
  await r.exited;
  assert.ok(await eventually(() => pids.every((p) => !alive(p)), 10_000), 'no process of the stack is left');
  assert.ok(await eventually(() => !existsSync(dir), 10_000), 'the temp dir is gone');
  assert.deepEqual(processesOf(dir), []);
});

test('SIGTERM stops the stack and exits 143', async () => {
  const r = run(['--no-platform']);
  assert.ok(await eventually(() => r.stdout().includes('REDIS_URL'), 30_000));
  const dir = parseExports(r.stdout()).BOTSERVER_TEMP_STACK_DIR!;
  r.child.kill('SIGTERM');
  assert.equal(await r.exited, 143);
  assert.equal(existsSync(dir), false);
});

test('--keep keeps the dir after a normal stop', async () => {
  const r = run(['--no-platform', '--keep', '--timeout', '1']);
  assert.equal(await r.exited, 0);
  const dir = parseExports(r.stdout()).BOTSERVER_TEMP_STACK_DIR!;
  assert.ok(existsSync(`${dir}/state.json`));
  assert.equal(JSON.parse(readFileSync(`${dir}/state.json`, 'utf8')).status, 'stopped');
  await import('node:fs/promises').then((fs) => fs.rm(dir, { recursive: true, force: true }));
});

for (const [name, args, env, pattern] of [
  [
    'an unknown provider',
    ['--provider', 'swarm'],
    {},
    /--provider: unknown provider "swarm"; use one of auto, containers, local/,
  ],
  ['an invalid STACK_PROVIDER', [], { STACK_PROVIDER: 'nope' }, /STACK_PROVIDER: unknown provider "nope"/],
  [
    'containers forced with no runtime',
    ['--provider', 'containers'],
    { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
    /STACK_PROVIDER: containers was asked for, but no container runtime answers.*DOCKER_HOST=unix:\/\/\/nonexistent/,
  ],
  [
    'a missing BotServer binary',
    [],
    { BOTSERVER_BIN: '/nonexistent/botserver' },
    /BOTSERVER_BIN: \/nonexistent\/botserver does not exist/,
  ],
  ['a bad --timeout', ['--timeout', 'never'], {}, /--timeout: "never" is not a positive number/],
  ['a PostgreSQL bin dir without initdb', [], { PG_BIN_DIR: '/usr' }, /PG_BIN_DIR: \/usr\/initdb does not exist/],
] as const) {
  test(`bad input: ${name} is a clear error within 5 s and leaves nothing behind`, async () => {
    const tmp = isolatedTmp();
    const t0 = Date.now();
    const r = run([...args], { ...env, TMPDIR: tmp });
    const code = await r.exited;
    assert.ok(Date.now() - t0 < 5000, `answered in ${Date.now() - t0} ms`);
    assert.notEqual(code, 0);
    assert.match(r.stderr(), pattern);
    assert.equal(r.stdout(), '', 'nothing on stdout');
    assert.deepEqual(stackDirs(tmp), [], 'no temp dir left');
  });
}

test('a BotServer binary that exits at once fails with its exit code and log tail, and nothing is left', async () => {
  const { writeFileSync } = await import('node:fs');
  const dir = tempDir('fake-bin-');
  const bin = `${dir}/botserver`;
  writeFileSync(bin, '#!/bin/sh\necho "fake botserver: cannot start, no config"\nexit 3\n', { mode: 0o755 });
  const tmp = isolatedTmp();
  const t0 = Date.now();
  const r = run([], { BOTSERVER_BIN: bin, TMPDIR: tmp, BOTSERVER_READY_TIMEOUT: '60' });
  const code = await r.exited;
  // At once: the stack's own start and stop (a few seconds, more on a busy machine), never the 60 s readiness deadline.
  assert.ok(
    Date.now() - t0 < 20_000,
    `failed within 20 s, well before BOTSERVER_READY_TIMEOUT (60 s): took ${Date.now() - t0} ms`,
  );
  assert.equal(code, 1);
  assert.match(r.stderr(), /botserver did not start: the process exited with code 3 before it was ready/);
  assert.match(r.stderr(), /fake botserver: cannot start, no config/);
  assert.deepEqual(stackDirs(tmp), []);
});
