/** docs/results/ holds each kept run's verdict file and the page generated from it (scripts/verdict/page.ts): the
 * pages are never stale nor edited by hand, and the check says so when they are. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';
import { staleResults } from '../scripts/verdict/page.ts';
import { VERDICT_VERSION, type VerdictFile } from '../fixtures/verdict-file.ts';

const RESULTS = join(ROOT, 'docs', 'results');
const reader = (dir: string) => (name: string) =>
  existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : null;

test('every page of docs/results/ is what its verdict file gives (npm run verdict -- page)', () => {
  const files = existsSync(RESULTS) ? readdirSync(RESULTS) : [];
  assert.deepEqual(staleResults(files, reader(RESULTS)), []);
});

test('the check can fail: a page edited by hand, a page without its verdict file, a stale index', () => {
  const dir = tempDir('results-');
  const source = join(tempDir('verdict-'), 'verdict.json');
  const v: VerdictFile = {
    version: VERDICT_VERSION,
    suite: { commit: 'abcdef0123456789', dirty: false },
    build: { record: 'head', decidedBy: 'the commit in /health' },
    startedAt: '2026-12-02T10:00:00.000Z',
    tests: [
      {
        id: 'chat.spec.ts › chat › a reply',
        project: 'chromium',
        verdict: 'pass',
        caveats: [],
        seen: [],
        durationMs: 1200,
      },
      {
        id: 'logout.spec.ts › logout › Sign Out',
        project: 'chromium',
        verdict: 'known bug',
        caveats: ['logoutAlways401'],
        seen: ['logoutAlways401 — 401'],
        durationMs: 800,
      },
    ],
  };
  writeFileSync(source, JSON.stringify(v));
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'verdict.ts'), 'page', source, '--out', dir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const files = () => readdirSync(dir);
  assert.deepEqual(staleResults(files(), reader(dir)), [], 'fresh once generated');
  const page = join(dir, '2026-12-02-head.md');
  assert.match(
    readFileSync(page, 'utf8'),
    /\| chromium \| logout\.spec\.ts › logout › Sign Out \| known bug \| logoutAlways401 — 401 \|/,
  );
  writeFileSync(page, readFileSync(page, 'utf8').replace('known bug |', 'pass |'));
  writeFileSync(join(dir, 'index.md'), 'edited\n');
  writeFileSync(join(dir, '2026-11-30-pre.md'), '# by hand\n');
  assert.deepEqual(staleResults(files(), reader(dir)), [
    '2026-12-02-head.md is stale or edited by hand: run npm run verdict -- page docs/results/2026-12-02-head.json',
    '2026-11-30-pre.md has no verdict file 2026-11-30-pre.json it is generated from',
    'index.md is stale or edited by hand: run npm run verdict -- page on any of the verdict files',
  ]);
});
