/**
 * The Playwright runner under faults: interrupted (SIGINT, SIGTERM) during global setup and during tests, killed
 * (SIGKILL), BotServer crashing mid-run, a stand-in killed mid-run, bad input, two suites at once. After each,
 * within 10 s, no process of the stack remains and the temp dir is gone (or kept when asked).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, isolatedTmp, processesOf, stackDirs, tempDir } from './helpers.ts';
import { runner, tempDirOf } from './fault-runner.ts';

async function expectCleanedUp(dir: string, keep = false): Promise<void> {
  assert.ok(await eventually(() => processesOf(dir).length === 0, 10_000), `no process of the stack left: ${processesOf(dir)}`);
  if (keep) assert.ok(existsSync(dir), 'the temp dir is kept');
  else assert.ok(await eventually(() => !existsSync(dir), 10_000), 'the temp dir is gone');
}

async function interruptDuringTest(signal: NodeJS.Signals, env: Record<string, string> = {}) {
  const r = runner(['wait.spec.ts'], env);
  assert.ok(await eventually(() => existsSync(join(r.faultDir, 'started')), 60_000), `the test started:\n${r.output()}`);
  const dir = tempDirOf(r.output())!;
  assert.ok(processesOf(dir).length >= 6, 'the stack runs');
  r.child.kill(signal);
  await r.exited;
  return { dir, output: r.output() };
}

test('SIGINT during global setup: nothing of the stack is left', async () => {
  const r = runner(['wait.spec.ts']);
  assert.ok(await eventually(() => !!tempDirOf(r.output()), 30_000), r.output());
  const dir = tempDirOf(r.output())!;
  r.child.kill('SIGINT');
  await r.exited;
  await expectCleanedUp(dir);
});

test('SIGINT during a test: nothing of the stack is left', async () => {
  const { dir } = await interruptDuringTest('SIGINT');
  await expectCleanedUp(dir);
});

test('SIGTERM during a test: nothing of the stack is left', async () => {
  const { dir } = await interruptDuringTest('SIGTERM');
  await expectCleanedUp(dir);
});

test('SIGKILL of the runner during a test: the watchdog leaves nothing', async () => {
  const { dir } = await interruptDuringTest('SIGKILL');
  await expectCleanedUp(dir);
});

test('SIGKILL of the runner with KEEP_TEMP_STACK_ON_ERROR=1: processes gone, the dir kept', async () => {
  const { dir } = await interruptDuringTest('SIGKILL', { KEEP_TEMP_STACK_ON_ERROR: '1' });
  await expectCleanedUp(dir, true);
  await import('node:fs/promises').then((fs) => fs.rm(dir, { recursive: true, force: true }));
});

test('BotServer crashing mid-run: that test says the process died, later tests fail fast, teardown completes', async () => {
  const r = runner(['crash.spec.ts']);
  const code = await r.exited;
  const out = r.output();
  assert.equal(code, 1);
  assert.match(out, /2 failed/);
  assert.equal(out.match(/the reference platform process \(pid \d+\) is no longer running/g)?.length, 2, out);
  await expectCleanedUp(tempDirOf(out)!);
});

test('a stand-in killed mid-run: the failure names it', async () => {
  const r = runner(['standin-killed.spec.ts']);
  assert.equal(await r.exited, 1);
  assert.match(r.output(), /a service of the stack died during the test: the LLM stand-in \(pid \d+, log \S+llm\.log\)/);
  await expectCleanedUp(tempDirOf(r.output())!);
});

test('KEEP_TEMP_STACK_ON_ERROR=1 and a failed fault test: its own stack is kept and printed as well, the suite\'s stack is removed', { timeout: 60_000 }, async () => {
  const r = runner(['faults/fails.spec.ts'], { KEEP_TEMP_STACK_ON_ERROR: '1' });
  assert.equal(await r.exited, 1, r.output());
  const kept = /\[e2e\] tests failed: the fault stack is kept in (\S+) \(state\.json and every service's log\)/.exec(r.output())?.[1];
  assert.ok(kept, `the kept line:\n${r.output()}`);
  try {
    await expectCleanedUp(kept, true);
    assert.ok(existsSync(join(kept, 'failed-tests')) && existsSync(join(kept, 'platform.log')), 'its logs are there');
    await expectCleanedUp(tempDirOf(r.output())!); // the suite's own stack: no test of it failed
  } finally {
    rmSync(kept, { recursive: true, force: true });
  }
});

test('KEEP_TEMP_STACK_ON_ERROR=1 and a failed test: teardown keeps the dir and prints it', async () => {
  const r = runner(['standin-killed.spec.ts'], { KEEP_TEMP_STACK_ON_ERROR: '1' });
  assert.equal(await r.exited, 1);
  const dir = tempDirOf(r.output())!;
  assert.match(r.output(), new RegExp(`the temp stack is kept in ${dir}`));
  await expectCleanedUp(dir, true);
  assert.ok(existsSync(join(dir, 'failed-tests')));
  await import('node:fs/promises').then((fs) => fs.rm(dir, { recursive: true, force: true }));
});

for (const [name, env, pattern] of [
  ['BOTSERVER_URL pointing at nothing', { BOTSERVER_URL: 'http://127.0.0.1:9' }, /BOTSERVER_URL: http:\/\/127\.0\.0\.1:9 does not answer .*unset BOTSERVER_URL/],
  ['an invalid STACK_PROVIDER', { STACK_PROVIDER: 'vm' }, /STACK_PROVIDER: unknown provider "vm"; use one of auto, containers, local/],
  ['containers forced without a runtime', { STACK_PROVIDER: 'containers', DOCKER_HOST: 'unix:///nonexistent.sock' }, /STACK_PROVIDER: containers was asked for, but no container runtime answers/],
  ['BOTSERVER_BIN missing', { BOTSERVER_BIN: '/nonexistent/botserver' }, /BOTSERVER_BIN: \/nonexistent\/botserver does not exist/],
  ['E2E_WORKERS not a number', { E2E_WORKERS: 'two' }, /^E2E_WORKERS: "two" is not a positive whole number of workers; set it to e.g. 2 or unset it$/m],
] as const) {
  test(`bad input to the suite: ${name} is one clear message (no code frame, no trace) within 5 s of setup, and nothing is left`, async () => {
    const tmp = isolatedTmp();
    const r = runner(['wait.spec.ts'], { ...env, TMPDIR: tmp });
    const code = await r.exited;
    assert.notEqual(code, 0);
    assert.match(r.output(), pattern);
    assert.doesNotMatch(r.output(), /^\s+at \S|^\s*>? *\d+ \| /m, `one message, no stack trace and no code frame:\n${r.output()}`);
    if (env.BOTSERVER_URL) assert.match(r.output(), /^\[e2e\] the fault project is skipped: its tests stop and restart services of a stack of their own, which an attached run does not have/m);
    assert.ok(!existsSync(join(r.faultDir, 'started')), 'no test ran');
    assert.deepEqual(stackDirs(tmp), []);
  });
}

test('a BotServer binary that exits at once: the setup error gives its exit code and log, nothing is left', async () => {
  const bin = join(tempDir('fake-'), 'botserver');
  writeFileSync(bin, '#!/bin/sh\necho "fake: no database"\nexit 7\n', { mode: 0o755 });
  const tmp = isolatedTmp();
  const r = runner(['wait.spec.ts'], { BOTSERVER_BIN: bin, TMPDIR: tmp });
  assert.notEqual(await r.exited, 0);
  assert.match(r.output(), /botserver did not start: the process exited with code 7 before it was ready/);
  assert.match(r.output(), /fake: no database/);
  assert.deepEqual(stackDirs(tmp), []);
});

test('two suites on one machine at once: both pass', async () => {
  const specs = ['tests/health.spec.ts', 'tests/journey.spec.ts'];
  // Each run gets its own output and report folders (Playwright empties its output folder at start).
  const own = (tag: string) => ({ E2E_WORKERS: '1', PLAYWRIGHT_HTML_OUTPUT_DIR: join(tempDir(`report-${tag}-`), 'html') });
  const a = runner([...specs, '--output', tempDir('out-a-')], own('a'), null);
  const b = runner([...specs, '--output', tempDir('out-b-')], own('b'), null);
  const [ca, cb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ca, 0, a.output());
  assert.equal(cb, 0, b.output());
  assert.notEqual(tempDirOf(a.output()), tempDirOf(b.output()));
});
