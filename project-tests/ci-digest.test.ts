/**
 * `.ci/run`'s closing digest (scripts/ci-digest.ts): for a stream that failed, what failed and why, read from the
 * stream's whole output, so that the tail of the CI log names it even when later legs' lines came after. The logs
 * here are real outputs: a Playwright run with the suite's causes reporter, and the project tests' reporter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, envWithout, tempDir } from './helpers.ts';
import { digest } from '../scripts/ci-digest.ts';

const run = promisify(execFile);

/** A command's whole output (stdout then stderr), whatever its exit status. */
async function output(cmd: string, args: string[], cwd: string): Promise<string> {
  // Not inside node's test runner (a run there is otherwise skipped), and not CI's reporters.
  const env = envWithout(['NODE_TEST_CONTEXT', 'CI']);
  return run(cmd, args, { cwd, env, maxBuffer: 1 << 24 }).then(
    (r) => r.stdout + r.stderr,
    (e: { stdout: string; stderr: string }) => e.stdout + e.stderr,
  );
}

test('a Playwright leg: its numbered failures with their error, its failed and flaky lists, the errors of no test, the causes header', async () => {
  const dir = tempDir('digest-pw-');
  writeFileSync(
    join(dir, 'leg.spec.ts'),
    [
      // The temp dir is outside the project: the runner is imported by its path.
      `import { test as base, expect } from ${JSON.stringify(join(ROOT, 'node_modules', '@playwright', 'test', 'index.js'))};`,
      // A worker fixture whose teardown throws: an error that is part of no test.
      'const test = base.extend<object, { api: void }>({',
      "  api: [async ({}, use) => { await use(); throw new Error('the api context broke on dispose'); }, { scope: 'worker', auto: true }],",
      '});',
      "test('holds', () => expect(1).toBe(1));",
      "test('the reply is shown', () => expect('the page drew nothing', 'the reply bubble').toBe('Hello'));",
      "test('the title is set', () => expect('', 'the title').toBe('General Bots'));",
      "test('the stream reconnects', ({}, info) => expect(info.retry, 'the reconnect on a first try').toBe(1));",
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'playwright.config.ts'),
    `export default { testDir: '.', workers: 1, retries: 1, reporter: [['list'], [${JSON.stringify(join(ROOT, 'fixtures', 'causes-reporter.ts'))}]], outputDir: ${JSON.stringify(join(dir, 'out'))} };\n`,
  );
  const log = await output(
    process.execPath,
    [join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', '-c', join(dir, 'playwright.config.ts')],
    dir,
  );
  assert.match(log, /2 failed[\s\S]*1 flaky/, `the sample run did not fail as written:\n${log}`);
  // The failures come at the end of a long log, with other reporters' lines after them (as in a leg of .ci/run).
  const after = ['[e2e] artifacts: 7 secrets of the run known', '[conversations] what the conversations reached: …'];
  const text = digest(`${'  ✓  1 [chromium] › a test before\n'.repeat(50)}${log}${after.join('\n')}`).join('\n');
  assert.match(text, /^ {2}1\) leg\.spec\.ts:\d+:\d+ › the reply is shown$/m, text);
  assert.match(text, /Expected: "Hello"\n\s+Received: "the page drew nothing"/, text);
  assert.match(text, /^ {2}2\) leg\.spec\.ts:\d+:\d+ › the title is set$/m, text);
  assert.match(
    text,
    /^\s+2 failed\n\s+leg\.spec\.ts:\d+:\d+ › the reply is shown\n\s+leg\.spec\.ts:\d+:\d+ › the title is set$/m,
    text,
  );
  assert.match(text, /^\s+1 flaky\n\s+leg\.spec\.ts:\d+:\d+ › the stream reconnects$/m, text);
  assert.match(text, /^\s+\d+ errors? (was|were) not a part of any test/m, text);
  assert.match(text, /^Error: the api context broke on dispose$/m, text);
  assert.match(text, /^Build assumed: /m, text);
  assert.match(text, /^2 failed, by first cause:$/m, text);
  assert.match(
    text,
    /^1 flaky \(failed, then passed on a retry; CI fails the run on them\), by first cause:\n- the reconnect on a first try: 1 test — leg\.spec\.ts › the stream reconnects$/m,
    text,
  );
  assert.doesNotMatch(text, /a test before|✓/, `a passed test's line is not a failure:\n${text}`);
  assert.doesNotMatch(text, /\[e2e\]|\[conversations\]/, `other reporters' lines are not the causes:\n${text}`);
  assert.doesNotMatch(text, /\d \| test\(/, `the code frame is left to the whole output:\n${text}`);
});

test('many failures: the first six with their error, every one in the "failed" list', () => {
  const failures = Array.from({ length: 9 }, (_, i) => [
    `  ${i + 1}) [chromium] › tests/chat.spec.ts:${i + 10}:3 › chat › case ${i} ────────────`,
    '',
    `    Error: case ${i} broke`,
    '',
  ]).flat();
  const list = [
    '  9 failed',
    ...Array.from({ length: 9 }, (_, i) => `    [chromium] › tests/chat.spec.ts:${i + 10}:3 › chat › case ${i}`),
  ];
  const text = digest([...failures, ...list, '  92 passed (2.1m)'].join('\n')).join('\n');
  assert.match(text, /case 5 broke/, text);
  assert.doesNotMatch(text, /case 6 broke|\d\) .* case 6/, `only six with their error:\n${text}`);
  assert.match(
    text,
    /^ {4}\[chromium\] › tests\/chat\.spec\.ts:18:3 › chat › case 8$/m,
    `the list names them all:\n${text}`,
  );
  assert.doesNotMatch(text, /92 passed/, text);
});

test('the project tests: their closing list of failures with the first lines of each error', async () => {
  const dir = tempDir('digest-node-');
  writeFileSync(
    join(dir, 'proof.test.ts'),
    [
      "import { test } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "test('holds', () => assert.ok(true));",
      "test('a seeded mutation turns its spec red', () => assert.equal('1 passed', '1 failed', 'the mutated run'));",
    ].join('\n'),
  );
  const log = await output(
    process.execPath,
    ['--test', `--test-reporter=${join(ROOT, 'scripts', 'test-progress.ts')}`, join(dir, 'proof.test.ts')],
    dir,
  );
  const text = digest(log).join('\n');
  assert.match(
    text,
    /^failed \(1; each error whole above\):\n✖ proof\.test\.ts › a seeded mutation turns its spec red\n.*the mutated run/m,
    text,
  );
  assert.doesNotMatch(text, /✔/, `a passed test is not a failure:\n${text}`);
});

test('a stream that died before any summary: its last lines, said so', () => {
  const log = [
    '[setup] starting',
    ...Array.from({ length: 40 }, (_, i) => `line ${i}`),
    'Error: the engine is gone',
  ].join('\n');
  const lines = digest(log);
  assert.match(lines[0]!, /no summary in its output/);
  assert.equal(lines.at(-1), 'Error: the engine is gone');
  assert.ok(!lines.includes('[setup] starting'), 'only the last lines');
});
