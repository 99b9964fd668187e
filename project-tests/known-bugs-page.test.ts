/** docs/known-bugs.md is generated (scripts/known-bugs-page.ts) from the caveats and the build records: it is never
 * stale, and the check says so when it is. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';

const SCRIPT = join(ROOT, 'scripts', 'known-bugs-page.ts');
const PAGE = join(ROOT, 'docs', 'known-bugs.md');

test('docs/known-bugs.md is what the caveats and the build records give (npm run docs:known-bugs)', () => {
  const r = spawnSync(process.execPath, [SCRIPT, '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, BUILD_RECORDS_DIR: '' },
  });
  assert.equal(r.status, 0, r.stderr);
});

test('the staleness check can fail: a page edited by hand is refused, naming the command', () => {
  const edited = join(tempDir('known-bugs-'), 'known-bugs.md');
  writeFileSync(edited, readFileSync(PAGE, 'utf8').replace('| `noLoginRoute` |', '| `noLoginRoute` (edited) |'));
  const r = spawnSync(process.execPath, [SCRIPT, '--check', '--page', edited], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /known-bugs\.md is stale: run npm run docs:known-bugs/);
});
