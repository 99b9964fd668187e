/**
 * The verdict file and its diff (fixtures/verdict-reporter.ts, scripts/verdict.ts): a run writes verdict.json;
 * `npm run verdict -- diff BASE CANDIDATE` exits 1 on a seeded regression (a test newly failing, with its first
 * cause) and 0 on a seeded fix (a caveat that no longer reproduces), writing Markdown and a self-contained HTML page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runSuite, tempDir } from './helpers.ts';
import { diffVerdicts } from '../scripts/verdict/diff.ts';
import { toHtml, toMarkdown } from '../scripts/verdict/render.ts';
import type { TestVerdict, VerdictFile } from '../fixtures/verdict-file.ts';

const SPECS = [
  'tests/logout.spec.ts',
  'tests/chat.spec.ts',
  '-g',
  'POST /api/auth/logout invalidates|a message gets the reply',
  '--project',
  'chromium',
];

async function verdictOf(env: Record<string, string>): Promise<string> {
  const dir = tempDir('verdict-');
  await runSuite(SPECS, { ...env, E2E_VERDICT_DIR: dir }, true);
  return join(dir, 'verdict.json');
}

function diff(base: string, candidate: string) {
  const out = tempDir('verdict-diff-');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'verdict.ts'), 'diff', base, candidate, '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return {
    code: r.status,
    out: r.stdout + r.stderr,
    md: readFileSync(join(out, 'verdict-diff.md'), 'utf8'),
    html: readFileSync(join(out, 'verdict-diff.html'), 'utf8'),
  };
}

test(
  'a seeded regression exits 1 naming the newly failing test and its first cause; a seeded fix exits 0 as fixed',
  { timeout: 180_000 },
  async () => {
    const [base, regression, fix] = await Promise.all([
      verdictOf({ REFERENCE_PROFILE: 'pre' }),
      verdictOf({ REFERENCE_PROFILE: 'pre', REFERENCE_MUTATIONS: 'drop-every-second-delta' }),
      verdictOf({ REFERENCE_PROFILE: 'pre', REFERENCE_MUTATIONS: 'logout-works' }),
    ]);
    const file = JSON.parse(readFileSync(base, 'utf8')) as VerdictFile;
    assert.equal(file.build.record, 'pre');
    assert.match(file.suite.commit ?? '', /^[0-9a-f]{40}$/);
    assert.deepEqual(file.tests.map((t) => [t.id, t.verdict]).sort(), [
      ['chat.spec.ts › chat (contract §5) › a message gets the reply the LLM stand-in streamed', 'pass'],
      [
        'logout.spec.ts › logout (contract §3.6, §4.2; docs/design.md intended behaviour) › POST /api/auth/logout invalidates the token for protected routes',
        'known bug',
      ],
    ]);

    const broken = diff(base, regression);
    assert.equal(broken.code, 1, broken.out);
    assert.match(
      broken.md,
      /\| \*\*newly failing\*\* \| chromium \| chat\.spec\.ts › chat \(contract §5\) › a message gets the reply the LLM stand-in streamed \| pass \| fail: /,
    );
    assert.match(broken.md, /1 changed \(1 newly failing\); unchanged: 1 known bug/);

    const fixed = diff(base, fix);
    assert.equal(fixed.code, 0, fixed.out);
    assert.match(
      fixed.md,
      /\| fixed \| chromium \| logout\.spec\.ts › .* \| known bug: logoutAlways401 \| caveat gone: logoutAlways401 \|/,
    );
    assert.match(fixed.html, /^<!doctype html>/);
    assert.doesNotMatch(fixed.html, /<script|<link|src=/, 'self-contained, no script');
    assert.equal(diff(base, base).code, 0);
  },
);

test('each kind of change is named; bad arguments exit 2 naming what to fix', () => {
  const v = (id: string, verdict: TestVerdict['verdict'], extra: Partial<TestVerdict> = {}): TestVerdict => ({
    id,
    project: 'chromium',
    verdict,
    caveats: [],
    seen: [],
    durationMs: 1,
    ...extra,
  });
  const file = (tests: TestVerdict[]): VerdictFile => ({
    version: 1,
    suite: { commit: 'a'.repeat(40), dirty: false },
    build: { record: 'head', decidedBy: 'x' },
    startedAt: '',
    tests,
  });
  const d = diffVerdicts(
    file([
      v('a', 'pass'),
      v('b', 'fail', { cause: 'x broke' }),
      v('c', 'known bug', { caveats: ['k1'] }),
      v('d', 'fail', { cause: 'one' }),
      v('e', 'pass'),
      v('gone', 'pass'),
    ]),
    file([
      v('a', 'fail', { cause: 'y broke' }),
      v('b', 'pass'),
      v('c', 'known bug', { caveats: ['k2'] }),
      v('d', 'fail', { cause: 'two' }),
      v('e', 'pass'),
      v('new', 'pass'),
    ]),
  );
  assert.deepEqual(
    d.rows.map((r) => [r.id, r.change, r.candidate]),
    [
      ['a', 'newly failing', 'fail: y broke'],
      ['d', 'failing otherwise', 'fail: two'],
      ['b', 'fixed', 'pass'],
      ['c', 'known bug seen otherwise', 'known bug: k2'],
      ['new', 'new test', 'pass'],
      ['gone', 'removed test', '(not in this run)'],
    ],
  );
  assert.deepEqual(d.unchanged, { pass: 1 });
  // The newly failing grouped by first cause (issue 38): one line per defect underneath, with its tests.
  const many = diffVerdicts(
    file(['a', 'b', 'c', 'd'].map((id) => v(id, 'pass'))),
    file([
      v('a', 'fail', { cause: 'GET /api/auth answered 404: the chat gets no session (§5.1)' }),
      v('b', 'fail', { cause: 'GET /api/auth answered 404: the chat gets no session (§5.1)' }),
      v('c', 'flaky', { cause: 'GET /api/auth answered 404: the chat gets no session (§5.1)' }),
      v('d', 'fail', { cause: 'other' }),
    ]),
  );
  assert.match(
    toMarkdown(many),
    /### Newly failing, by first cause\n\n- GET \/api\/auth answered 404: the chat gets no session \(§5\.1\): 3 tests — a \(chromium\); b \(chromium\); c \(chromium\)\n- other: 1 test — d \(chromium\)\n/,
  );
  assert.match(
    toHtml(many),
    /<h2>Newly failing, by first cause<\/h2><ul><li>GET \/api\/auth answered 404: the chat gets no session \(§5\.1\): 3 tests/,
  );
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'verdict.ts'), 'diff', '/nonexistent.json'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /expected: diff BASE CANDIDATE, or page VERDICT \(got: diff \/nonexistent\.json\)/);
  const missing = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts', 'verdict.ts'), 'diff', '/nonexistent.json', '/nonexistent.json'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /\/nonexistent\.json: cannot read a verdict file \(ENOENT/);
});

const KINDS: TestVerdict['verdict'][] = ['pass', 'known bug', 'caveat gone', 'fail', 'flaky', 'skipped'];
/** Every pair of verdicts, base → candidate, and what the diff must call it (undefined: unchanged). A row per base. */
const EVERY_PAIR: Record<TestVerdict['verdict'], (string | undefined)[]> = {
  //              pass       known bug          caveat gone  fail             flaky            skipped
  pass: [undefined, 'now a known bug', 'fixed', 'newly failing', 'newly failing', 'now skipped'],
  'known bug': ['fixed', undefined, 'fixed', 'newly failing', 'newly failing', 'now skipped'],
  'caveat gone': ['other', 'now a known bug', undefined, 'newly failing', 'newly failing', 'now skipped'],
  fail: ['fixed', 'now a known bug', 'fixed', undefined, 'failing otherwise', 'now skipped'],
  flaky: ['fixed', 'now a known bug', 'fixed', 'failing otherwise', undefined, 'now skipped'],
  skipped: ['now runs', 'now a known bug', 'fixed', 'newly failing', 'newly failing', undefined],
};

/** One test per pair of verdicts: `<base> → <candidate>`, the same caveats and cause on both sides. */
function everyPair(): { base: VerdictFile; candidate: VerdictFile } {
  const v = (id: string, verdict: TestVerdict['verdict']): TestVerdict => ({
    id,
    project: 'chromium',
    verdict,
    durationMs: 1,
    seen: verdict === 'known bug' ? ['k1 — seen'] : [],
    caveats: verdict === 'known bug' || verdict === 'caveat gone' ? ['k1'] : [],
    ...(verdict === 'fail' || verdict === 'flaky' || verdict === 'caveat gone' ? { cause: 'GET /api/auth → 404' } : {}),
  });
  const file = (tests: TestVerdict[]): VerdictFile => ({
    version: 1,
    suite: { commit: 'a'.repeat(40), dirty: false },
    build: { record: 'head', decidedBy: 'x' },
    startedAt: '',
    tests,
  });
  const pairs = KINDS.flatMap((b) => KINDS.map((c) => [b, c] as const));
  return {
    base: file(pairs.map(([b, c]) => v(`${b} → ${c}`, b))),
    candidate: file(pairs.map(([b, c]) => v(`${b} → ${c}`, c))),
  };
}

test('every pair of verdicts (pass, known bug, caveat gone, fail, flaky, skipped → each) is named as it changed; the command exits 1 for the newly failing ones, each in a row', () => {
  const { base, candidate } = everyPair();
  const d = diffVerdicts(base, candidate);
  const got = new Map(d.rows.map((r) => [r.id, r.change]));
  const wrong = KINDS.flatMap((b) =>
    KINDS.map((c, i) => [`${b} → ${c}`, EVERY_PAIR[b][i], got.get(`${b} → ${c}`)] as const),
  ).filter(([, want, is]) => want !== is);
  assert.deepEqual(
    wrong.map(([pair, want, is]) => `${pair}: diff says ${is ?? 'unchanged'}, expected ${want ?? 'unchanged'}`),
    [],
    'the diff named these pairs otherwise than they changed',
  );
  const newly = KINDS.flatMap((b) =>
    KINDS.filter((_, i) => EVERY_PAIR[b][i] === 'newly failing').map((c) => `${b} → ${c}`),
  );
  assert.equal(d.newlyFailing, newly.length);
  const dir = tempDir('verdict-pairs-');
  writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
  writeFileSync(join(dir, 'candidate.json'), JSON.stringify(candidate));
  const r = diff(join(dir, 'base.json'), join(dir, 'candidate.json'));
  assert.equal(r.code, 1, `${newly.length} tests newly fail (${newly.join(', ')}): the command must exit 1\n${r.out}`);
  for (const pair of newly)
    assert.match(
      r.md,
      new RegExp(`^\\| \\*\\*newly failing\\*\\* \\| chromium \\| ${pair} \\| `, 'm'),
      `the Markdown names ${pair} as newly failing`,
    );
  const unchanged = KINDS.filter((k) => EVERY_PAIR[k][KINDS.indexOf(k)] === undefined);
  assert.match(
    r.md,
    new RegExp(`unchanged: ${unchanged.map((k) => `1 ${k}`).join(', ')}`),
    'the unchanged counts: the six same-verdict pairs',
  );
});
