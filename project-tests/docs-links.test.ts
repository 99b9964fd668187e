/**
 * The docs hold together (issue 29): the README is a page (at most 150 lines), and every relative link of the README,
 * CONTRIBUTING.md and docs/ leads to a file of the repository and, with a #fragment, to a heading of it (GitHub's
 * anchors: lower case, punctuation dropped, spaces as hyphens). The code's references to a page (issue 37) hold too:
 * every `docs/<page>.md` or `UPPERCASE.md` a comment, a test title, a message or a record names is a file of a fresh
 * clone, and its #fragment a heading of it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { ROOT } from './helpers.ts';

/** GitHub's anchor of a heading's text. */
export function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** The broken relative links of Markdown `text` in file `file` (absolute path): "file:line → target (why)". */
export function brokenLinks(file: string, text: string): string[] {
  const out: string[] = [];
  const fence = /^```/;
  let inFence = false;
  text.split('\n').forEach((line, i) => {
    if (fence.test(line.trim())) inFence = !inFence;
    if (inFence) return;
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/i.test(target)) continue;
      const [path, fragment] = target.split('#') as [string, string | undefined];
      const where = join(dirname(file), path);
      const at = `${relative(ROOT, file)}:${i + 1} → ${target}`;
      if (path && !existsSync(where)) {
        out.push(`${at} (no such file)`);
        continue;
      }
      if (fragment === undefined || (path && statSync(where).isDirectory())) continue;
      const headings = (path ? readFileSync(where, 'utf8') : text)
        .split('\n')
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) => anchor(l.replace(/^#+ /, '')));
      if (!headings.includes(fragment)) out.push(`${at} (no heading with that anchor)`);
    }
  });
  return out;
}

/**
 * The references to a page of the repository in a source file's `text` (`file` relative to the root) that lead
 * nowhere: "file:line → reference (why)". A reference is a path ending in `.md` that starts with `docs/` or whose
 * name is upper case (`README.md`, `recorded/README.md`, `CONTRIBUTING.md`), with an optional #fragment; it is read
 * from the root, then from the file's own folder.
 */
export function brokenReferences(file: string, text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/(?<![\w./-])((?:[\w.-]+\/)*[\w-]+\.md)(?:#([\w-]+))?(?![\w/])/g)) {
      const [ref, path, fragment] = m as unknown as [string, string, string | undefined];
      if (!path.startsWith('docs/') && !/^[A-Z][A-Z_-]*\.md$/.test(basename(path))) continue;
      const where = [join(ROOT, path), join(ROOT, dirname(file), path)].find(
        (p) => existsSync(p) && statSync(p).isFile(),
      );
      const at = `${file}:${i + 1} → ${ref}`;
      if (!where) {
        out.push(`${at} (no such file in the repository)`);
        continue;
      }
      if (fragment === undefined) continue;
      const headings = readFileSync(where, 'utf8')
        .split('\n')
        .filter((l) => /^#{1,6} /.test(l))
        .map((l) => anchor(l.replace(/^#+ /, '')));
      if (!headings.includes(fragment)) out.push(`${at} (no heading with that anchor)`);
    }
  });
  return out;
}

/** What the code's references are read in: every file of a fresh clone but the Markdown pages, the kept verdict
 * files of docs/results/ (records of past runs, their test ids as they were) and this file (its seeded breakages). */
const sources = () =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(
      (f) => f && !f.endsWith('.md') && !f.startsWith('docs/results/') && f !== 'project-tests/docs-links.test.ts',
    )
    .filter((f) => /\.(ts|mts|js|mjs|cjs|json|sh|ya?ml|csv|bas)$|^\.ci\//.test(f) && existsSync(join(ROOT, f)));

const docs = () =>
  execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', 'README.md', 'CONTRIBUTING.md', 'docs'],
    { cwd: ROOT, encoding: 'utf8' },
  )
    .split('\n')
    .filter((f) => f.endsWith('.md'));

test('the README is a page: at most 150 lines', () => {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
  assert.ok(
    lines <= 150,
    `README.md has ${lines} lines: move what is not the quick start, the commands or the way on into docs/`,
  );
});

test('every relative link of the README, CONTRIBUTING.md and docs/ leads to a file and a heading', () => {
  assert.ok(docs().length >= 10, `the docs were found: ${docs()}`);
  assert.deepEqual(
    docs().flatMap((f) => brokenLinks(join(ROOT, f), readFileSync(join(ROOT, f), 'utf8'))),
    [],
  );
});

test('the check can fail: a missing file and a missing heading are named with file and line', () => {
  const file = join(ROOT, 'docs', 'x.md');
  assert.deepEqual(
    brokenLinks(
      file,
      '# Title\n\nsee [a](nowhere.md) and [b](stack.md#no-such-heading), [c](#title), [d](stack.md#configuration)\n',
    ),
    ['docs/x.md:3 → nowhere.md (no such file)', 'docs/x.md:3 → stack.md#no-such-heading (no heading with that anchor)'],
  );
  assert.equal(
    anchor('Containers without a running Docker (`scripts/container-engine.sh`)'),
    'containers-without-a-running-docker-scriptscontainer-enginesh',
  );
});

test('every reference to a page in the code (comments, test titles, messages, records) leads to a file and a heading', () => {
  assert.ok(sources().length >= 100, `the sources were found: ${sources().length}`);
  assert.deepEqual(
    sources().flatMap((f) => brokenReferences(f, readFileSync(join(ROOT, f), 'utf8'))),
    [],
  );
});

test('the reference check can fail: a page that is not there and a missing heading are named with file and line', () => {
  const text = [
    '/** Known bugs (DESIGN.md; docs/contract.md §0), see docs/stack.md#configuration and docs/stack.md#nowhere. */',
    "test.describe('logout (docs/gone.md intended behaviour)', () => {});",
    '// prompt.md, causes.md and a README.md are not checked or resolve; so does recorded/README.md',
  ].join('\n');
  assert.deepEqual(brokenReferences('fixtures/x.ts', text), [
    'fixtures/x.ts:1 → DESIGN.md (no such file in the repository)',
    'fixtures/x.ts:1 → docs/stack.md#nowhere (no heading with that anchor)',
    'fixtures/x.ts:2 → docs/gone.md (no such file in the repository)',
  ]);
});
