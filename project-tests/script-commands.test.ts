/**
 * The project's scripts as commands (lib/cli.ts): each acts when `node` runs it by any path — one with a space,
 * one through a symlink — not only by the project's own; and each reads its arguments strictly: `--help` prints its
 * usage and exits 0, an unknown or misspelt flag exits 2 naming it with the usage, and nothing is written meanwhile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDir } from './helpers.ts';
import { isMain } from '../lib/cli.ts';

/** The project seen through a symlink in a folder whose name has a space: `<tmp>/a folder with space/project`. */
const LINKED = (() => {
  const dir = join(tempDir('script-commands-'), 'a folder with space');
  mkdirSync(dir);
  symlinkSync(ROOT, join(dir, 'project'));
  return join(dir, 'project');
})();

/** `node <root>/scripts/<script> …args` in the project: its exit status and output. Several run at once (each loads
 * much of the stack's code before it reads its arguments, seconds on a busy machine). */
function run(
  script: string,
  args: string[],
  root = ROOT,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(root, 'scripts', script), ...args], {
      cwd: ROOT,
      env: { ...process.env, BUILD_RECORDS_DIR: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** A copy of docs/stack.md and .env.example in a folder of its own, docs/stack.md's redis row edited (stale). */
function staleStackDocs(): { dir: string; page: string; before: string } {
  const dir = tempDir('script-commands-docs-');
  mkdirSync(join(dir, 'docs'));
  const page = join(dir, 'docs', 'stack.md');
  const before = readFileSync(join(ROOT, 'docs', 'stack.md'), 'utf8').replace(
    /\| `REDIS_IMAGE` \| `[^`]*` \|/,
    '| `REDIS_IMAGE` | `edited` |',
  );
  assert.match(before, /`edited`/);
  writeFileSync(page, before);
  writeFileSync(join(dir, '.env.example'), readFileSync(join(ROOT, '.env.example'), 'utf8'));
  return { dir, page, before };
}

test('no script or stack module tells whether it is the entry point by comparing import.meta.url with argv[1]', () => {
  const r = spawnSync(
    'git',
    ['grep', '-n', '-e', 'process.argv\\[1\\]', '-e', 'import.meta.url ===', '--', 'scripts', 'stack'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.equal(r.status, 1, `use isMain(import.meta) from lib/cli.ts:\n${r.stdout}`);
});

test('isMain: true for the entry point by its real path, a symlinked one or one with a space; false for another module', () => {
  assert.equal(isMain({ ...import.meta, main: false } as ImportMeta), false);
  // Without Node's import.meta.main (before 22.18): the module's file against the real path of argv[1].
  const me = realpathSync(process.argv[1]!);
  const linked = join(LINKED, 'project-tests', 'script-commands.test.ts');
  const argv1 = process.argv[1];
  try {
    for (const entry of [me, linked]) {
      process.argv[1] = entry;
      assert.equal(isMain({ url: pathToFileURL(me).href } as ImportMeta), true, entry);
      assert.equal(isMain({ url: pathToFileURL(join(ROOT, 'lib', 'cli.ts')).href } as ImportMeta), false, entry);
    }
  } finally {
    process.argv[1] = argv1;
  }
});

test('each generator acts when run through a symlinked path with a space in it (it did nothing and exited 0)', async () => {
  const { dir, page, before } = staleStackDocs();
  const bugs = join(tempDir('script-commands-bugs-'), 'known-bugs.md');
  const report = join(tempDir('script-commands-report-'), 'report.json');
  writeFileSync(
    report,
    JSON.stringify({
      stats: { startTime: '2026-12-07T03:00:00.000Z', duration: 1000 },
      config: { workers: 1 },
      suites: [],
    }),
  );
  const [images, check, written, table, time] = await Promise.all([
    run('stack-docs.ts', ['--images'], LINKED),
    run('stack-docs.ts', ['--check', '--out', dir], LINKED),
    run('known-bugs-page.ts', ['--page', bugs], LINKED),
    run('results-table.ts', [report], LINKED),
    run('suite-time.ts', [report], LINKED),
  ]);
  assert.equal(images.status, 0, images.stderr);
  assert.ok(images.stdout.trim().split('\n').length >= 4, `stack-docs --images printed: ${images.stdout}`);
  assert.equal(check.status, 1, `a stale page passed the check: ${check.stdout}${check.stderr}`);
  assert.match(check.stderr, /stack\.md is stale/);
  assert.equal(written.status, 0, written.stderr);
  assert.equal(readFileSync(bugs, 'utf8'), readFileSync(join(ROOT, 'docs', 'known-bugs.md'), 'utf8'));
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /\*\*No failed test\*\* \(0 tests\)/);
  assert.equal(time.status, 0, time.stderr);
  assert.notEqual(time.stdout, '', 'suite-time printed its tables');
  // And it writes: the stale page becomes what the code gives.
  assert.equal((await run('stack-docs.ts', ['--out', dir], LINKED)).status, 0);
  assert.equal(readFileSync(page, 'utf8'), readFileSync(join(ROOT, 'docs', 'stack.md'), 'utf8'));
  assert.notEqual(before, readFileSync(page, 'utf8'));
});

test('stack-docs: --help prints the usage and writes nothing; an unknown flag (a typo of --check) exits 2 naming it', async () => {
  const { dir, page, before } = staleStackDocs();
  const [help, typo, stray, both] = await Promise.all([
    run('stack-docs.ts', ['--help', '--out', dir]),
    run('stack-docs.ts', ['--chek', '--out', dir]),
    run('stack-docs.ts', ['--out', dir, 'check']),
    run('stack-docs.ts', ['--images', '--check']),
  ]);
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /^usage: node scripts\/stack-docs\.ts \[--check\] \[--out DIR\]/);
  assert.equal(typo.status, 2, typo.stdout);
  assert.match(typo.stderr, /stack-docs: Unknown option '--chek'/);
  assert.match(typo.stderr, /\nusage: node scripts\/stack-docs\.ts/);
  assert.equal(stray.status, 2, stray.stdout);
  assert.match(stray.stderr, /Unexpected argument 'check'/);
  assert.equal(both.status, 2, both.stdout);
  assert.match(both.stderr, /--images takes no other option/);
  assert.equal(readFileSync(page, 'utf8'), before, 'nothing written');
});

test('results-table, known-bugs-page, bench-stack and bots:census: --help is the usage (exit 0), a bad flag exit 2 naming it', async () => {
  const commands: [script: string, usage: RegExp][] = [
    ['results-table.ts', /^usage: node scripts\/results-table\.ts REPORT\.json/],
    ['known-bugs-page.ts', /^usage: node scripts\/known-bugs-page\.ts \[--check\] \[--page FILE\]/],
    [
      'bench-stack.ts',
      /^usage: npm run bench:stack -- \[--runs N\] \[--provider local\|containers\|auto\] \[--platform\]/,
    ],
    [
      'bots-census.ts',
      /^usage: npm run bots:census -- <folder>… \[--out DIR\] \[--deadline S\] \[--batch N\] \[--skip-conversations\] \[--quiet\]/,
    ],
  ];
  const [none, many] = await Promise.all([run('results-table.ts', []), run('bench-stack.ts', ['--runs', 'many'])]);
  await Promise.all(
    commands.map(async ([script, usage]) => {
      const help = await run(script, ['--help']);
      assert.equal(help.status, 0, `${script} --help: ${help.stderr}`);
      assert.match(help.stdout, usage);
      const bad = await run(script, ['--bogus-flag']);
      assert.equal(bad.status, 2, `${script} --bogus-flag: ${bad.stdout}${bad.stderr}`);
      assert.match(bad.stderr, /Unknown option '--bogus-flag'/, script);
      assert.match(bad.stderr.split('\n')[1] ?? '', usage, script);
    }),
  );
  assert.equal(none.status, 2);
  assert.match(none.stderr, /give one Playwright JSON report/);
  assert.equal(many.status, 2);
  assert.match(many.stderr, /--runs "many" must be a whole number/);
});
