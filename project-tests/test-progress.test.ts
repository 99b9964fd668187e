/**
 * `npm test`'s reporter (scripts/test-progress.ts): a line per test as it ends, and at the end the failed tests
 * again with their error, so that the tail of a long log (all CI shows of one) names what failed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT, tempDir } from './helpers.ts';

/** The environment without node's test-runner context (a run inside a test file is otherwise skipped). */
function withoutTestContext(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

test('the run ends with each failed test named again with the first lines of its error, after the counts', async () => {
  const dir = tempDir('progress-');
  const file = join(dir, 'sample.test.ts');
  writeFileSync(
    file,
    [
      "import { test } from 'node:test';",
      "import assert from 'node:assert/strict';",
      "test('holds', () => assert.equal(1, 1));",
      "test('breaks', () => assert.equal('the page said Sign In', 'Sign Out', 'the label after sign-in'));",
      "test('also holds', () => assert.ok(true));",
    ].join('\n'),
  );
  const out = await promisify(execFile)(
    process.execPath,
    ['--test', `--test-reporter=${join(ROOT, 'scripts', 'test-progress.ts')}`, file],
    { cwd: dir, env: withoutTestContext() },
  ).then(
    (r) => r.stdout,
    (e: { stdout: string }) => e.stdout,
  );
  const tail = out.slice(out.indexOf('\n2 passed, 1 failed'));
  assert.ok(tail.startsWith('\n2 passed, 1 failed, 0 skipped'), `the counts close the run: ${out}`);
  const closing = tail.slice(tail.indexOf('failed (1;'));
  assert.match(
    closing,
    /^failed \(1; each error whole above\):\n✖ sample\.test\.ts › breaks\n/,
    `the closing list names the failed test: ${tail}`,
  );
  assert.match(closing, /the label after sign-in/, `and shows its error: ${closing}`);
  assert.doesNotMatch(closing, /› holds|› also holds/, 'only the failed ones are listed again');
});
