/**
 * The CLI the way people run it: through `npx` in the background. It stops its stack (processes gone, temp dir
 * removed) within 5 s when its caller goes away, whatever the signal; and the "stack by hand" block of docs/stack.md,
 * run literally, works (psql, redis-cli and curl lines included) and leaves nothing behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, eventually, isolatedTmp, ownRunFolders, processesOf, stackDirs } from './helpers.ts';

/**
 * Runs a shell script in a process group of its own; past `timeoutMs` the whole group gets SIGTERM (then SIGKILL), so
 * that a background `npx botserver-temp-stack` of the script goes too (its CLI then stops its stack: caller gone).
 */
function bash(
  script: string,
  timeoutMs: number,
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const clean = { ...process.env };
  for (const k of ['BOTSERVER_URL', 'BOTSERVER_BIN', 'BOTUI_BIN', 'CI', 'E2E_STACK']) delete clean[k];
  const child = spawn('bash', ['-c', script], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...clean, STACK_PROVIDER: 'local', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* gone */
    }
  };
  const timer = setTimeout(() => {
    stderr += `\n[test] the script ran past ${timeoutMs} ms: its process group is stopped\n`;
    group('SIGTERM');
    setTimeout(() => group('SIGKILL'), 2000).unref();
  }, timeoutMs);
  return new Promise((resolve) =>
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    }),
  );
}

const CASES = [
  ['kill -INT %1 (Ctrl-C of a job)', 'set -m', 'kill -INT %1'],
  ['kill %1 (SIGTERM of the job)', 'set -m', 'kill %1'],
  ['SIGTERM of the npx process', '', 'kill -TERM $npx'],
  ['SIGKILL of the npx process', '', 'kill -KILL $npx'],
] as const;

for (const [name, mode, kill] of CASES) {
  test(
    `npx botserver-temp-stack in the background stops its stack within 5 s: ${name}`,
    { timeout: 60_000 },
    async () => {
      const env = join(ROOT, `.cli-signal-${process.pid}-${CASES.findIndex((c) => c[0] === name)}.env`);
      const r = await bash(
        `${mode}
      npx botserver-temp-stack --no-platform --timeout 120 > ${env} 2>/dev/null &
      npx=$!
      for i in $(seq 1 150); do [ -s ${env} ] && break; sleep 0.2; done
      grep BOTSERVER_TEMP_STACK_DIR ${env}
      ${kill}`,
        45_000,
      );
      rmSync(env, { force: true });
      const dir = /BOTSERVER_TEMP_STACK_DIR='([^']+)'/.exec(r.stdout)?.[1];
      assert.ok(dir, `the stack became ready: ${r.stdout}${r.stderr}`);
      assert.ok(
        await eventually(() => processesOf(dir).length === 0, 5000),
        `no process of the stack within 5 s: ${processesOf(dir)}`,
      );
      assert.ok(await eventually(() => !existsSync(dir), 5000), 'the temp dir is removed within 5 s');
    },
  );
}

/**
 * The block of docs/stack.md ("The stack by hand"), literally, except that the attached suite is narrowed to one spec
 * (time) and writes its results into `results` (helpers' ownRunFolders: the project's test-results/ may be another
 * run's).
 */
function readmeBlock(results: string): string {
  const readme = readFileSync(join(ROOT, 'docs', 'stack.md'), 'utf8');
  const block = /## The stack by hand\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'docs/stack.md has the block');
  assert.match(block, /npx playwright test/);
  return block.replace('npx playwright test', `npx playwright test tests/health.spec.ts --output ${results}`);
}

async function runBlock(env: Record<string, string> = {}) {
  const t0 = Date.now();
  const output = ownRunFolders();
  const r = await bash(`set -e\n${readmeBlock(output.results)}\nwait\necho "DIR=$BOTSERVER_TEMP_STACK_DIR"`, 110_000, {
    PLAYWRIGHT_HTML_OUTPUT_DIR: output.report,
    ...env,
  });
  // Playwright writes .last-run.json into the output folder it used: this one, not the project's test-results/.
  const ownOutput = existsSync(join(output.results, '.last-run.json'));
  rmSync(output.dir, { recursive: true, force: true });
  return {
    ...r,
    ms: Date.now() - t0,
    out: `${r.stdout}\n${r.stderr}`,
    dir: /^DIR=(.+)$/m.exec(r.stdout)?.[1],
    ownOutput,
  };
}

type BlockRun = Awaited<ReturnType<typeof runBlock>>;

function expectBlockWorked(r: BlockRun, which: string) {
  assert.equal(r.status, 0, `${which}: ${r.out}`);
  assert.match(r.stdout, /^ ?\?column\? \n-+\n +1\n/m, `${which}: psql answered: ${r.out}`);
  assert.match(r.stdout, /^PONG$/m, `${which}: redis-cli with REDIS_URL answered PONG: ${r.out}`);
  assert.match(
    r.stdout,
    /"status":"healthy".*"database":true|"database":true.*"status":"healthy"/,
    `${which}: curl /api/health: ${r.out}`,
  );
  assert.match(r.out, /\d+ passed/, `${which}: the attached suite ran`);
  assert.doesNotMatch(r.out, /\d+ failed/);
  assert.ok(r.dir, `${which} sourced its stack.env`);
  assert.ok(r.ownOutput, `${which}: the attached suite wrote its results into a folder of its own, not test-results/`);
}

// Twice in a row: the second run starts as soon as the first has ended (its stack may still be stopping), in the
// same folder, with the same stack.env name (node runs a file's tests one after the other).
let first: BlockRun | undefined;

test('docs/stack.md\'s "stack by hand" block, run literally, works', { timeout: 120_000 }, async () => {
  first = await runBlock();
  expectBlockWorked(first, 'the block');
});

test(
  "docs/stack.md's block run again right after: its own stack (not the first run's file), and nothing of either is left",
  { timeout: 150_000 },
  async () => {
    const again = await runBlock();
    expectBlockWorked(again, 'the second run');
    assert.ok(first?.dir, 'the first run ran');
    assert.notEqual(again.dir, first.dir, "the second run read its own stack, not the first one's file");
    for (const r of [first, again]) {
      assert.ok(
        await eventually(() => processesOf(r.dir!).length === 0 && !existsSync(r.dir!), 10_000),
        `the stack ${r.dir} stopped and its dir is gone`,
      );
    }
    assert.ok(
      await eventually(() => !existsSync(join(ROOT, 'stack.env')), 5000),
      'stack.env is removed when its stack stops',
    );
  },
);

test(
  "docs/stack.md's block with a stack that cannot start ends at once, non-zero, with the reason, and leaves nothing",
  { timeout: 60_000 },
  async () => {
    const tmp = isolatedTmp();
    const bin = join(tmp, 'botserver');
    writeFileSync(bin, '#!/bin/sh\necho "fake botserver: cannot start"\nexit 3\n', { mode: 0o755 });
    const r = await runBlock({ BOTSERVER_BIN: bin, TMPDIR: tmp });
    assert.notEqual(r.status, 0, r.out);
    assert.ok(r.ms < 45_000, `it ended in ${r.ms} ms, not when a timeout fired`);
    assert.match(
      r.stderr,
      /botserver-temp-stack: botserver did not start: the process exited with code 3 before it was ready/,
    );
    assert.doesNotMatch(r.stdout, /PONG|passed/, 'nothing ran against a stack that is not there');
    assert.equal(existsSync(join(ROOT, 'stack.env')), false, 'no stack.env');
    assert.deepEqual(stackDirs(tmp), [], 'no temp dir left');
  },
);
