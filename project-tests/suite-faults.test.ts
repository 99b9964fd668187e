/**
 * The Playwright runner under faults: interrupted (SIGINT, SIGTERM) during global setup and during tests, killed
 * (SIGKILL), BotServer crashing mid-run, a stand-in killed mid-run (bad input and two suites at once:
 * suite-input.test.ts; the first start and runner + watchdog killed: run-ends.test.ts). After each,
 * within 10 s, no process of the stack remains and the temp dir is gone (or kept when asked).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, processesOf } from './helpers.ts';
import { runner, tempDirOf } from './fault-runner.ts';

async function expectCleanedUp(dir: string, keep = false): Promise<void> {
  assert.ok(
    await eventually(() => processesOf(dir).length === 0, 10_000),
    `no process of the stack left: ${processesOf(dir)}`,
  );
  if (keep) assert.ok(existsSync(dir), 'the temp dir is kept');
  else assert.ok(await eventually(() => !existsSync(dir), 10_000), 'the temp dir is gone');
}

async function interruptDuringTest(signal: NodeJS.Signals, env: Record<string, string> = {}) {
  const r = runner(['wait.spec.ts'], env);
  assert.ok(
    await eventually(() => existsSync(join(r.faultDir, 'started')), 60_000),
    `the test started:\n${r.output()}`,
  );
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

test(
  "KEEP_TEMP_STACK_ON_ERROR=1 and a failed fault test: its own stack is kept and printed as well, the suite's stack is removed",
  { timeout: 60_000 },
  async () => {
    const r = runner(['faults/fails.spec.ts'], { KEEP_TEMP_STACK_ON_ERROR: '1' });
    assert.equal(await r.exited, 1, r.output());
    const kept = /\[e2e\] tests failed: the fault stack is kept in (\S+) \(state\.json and every service's log\)/.exec(
      r.output(),
    )?.[1];
    assert.ok(kept, `the kept line:\n${r.output()}`);
    try {
      await expectCleanedUp(kept, true);
      assert.ok(existsSync(join(kept, 'failed-tests')) && existsSync(join(kept, 'platform.log')), 'its logs are there');
      await expectCleanedUp(tempDirOf(r.output())!); // the suite's own stack: no test of it failed
    } finally {
      rmSync(kept, { recursive: true, force: true });
    }
  },
);

// (Without KEEP_TEMP_STACK_ON_ERROR a failed run removes everything: the crash test above.)
test('a stand-in killed mid-run: the failure names it; with KEEP_TEMP_STACK_ON_ERROR=1 teardown keeps the dir and prints it', async () => {
  const r = runner(['standin-killed.spec.ts'], { KEEP_TEMP_STACK_ON_ERROR: '1' });
  assert.equal(await r.exited, 1);
  assert.match(
    r.output(),
    /a service of the stack died during the test: the LLM stand-in \(pid \d+, log \S+llm\.log\)/,
  );
  const dir = tempDirOf(r.output())!;
  assert.match(r.output(), new RegExp(`the temp stack is kept in ${dir}`));
  await expectCleanedUp(dir, true);
  assert.ok(existsSync(join(dir, 'failed-tests')));
  await import('node:fs/promises').then((fs) => fs.rm(dir, { recursive: true, force: true }));
});
