/**
 * The docs hold together (issue 29): the README is a page (at most 150 lines), and every relative link of the README,
 * CONTRIBUTING.md and docs/ leads to a file of the repository and, with a #fragment, to a heading of it (GitHub's
 * anchors: lower case, punctuation dropped, spaces as hyphens).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ROOT } from './helpers.ts';

/** GitHub's anchor of a heading's text. */
export function anchor(heading: string): string {
  return heading.trim().toLowerCase().replace(/[`*_]/g, '').replace(/[^\p{L}\p{N}\s-]/gu, '').replace(/\s/g, '-');
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
      if (path && !existsSync(where)) { out.push(`${at} (no such file)`); continue; }
      if (fragment === undefined || (path && statSync(where).isDirectory())) continue;
      const headings = (path ? readFileSync(where, 'utf8') : text).split('\n').filter((l) => /^#{1,6} /.test(l)).map((l) => anchor(l.replace(/^#+ /, '')));
      if (!headings.includes(fragment)) out.push(`${at} (no heading with that anchor)`);
    }
  });
  return out;
}

const docs = () => execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'README.md', 'CONTRIBUTING.md', 'docs'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((f) => f.endsWith('.md'));

test('the README is a page: at most 150 lines', () => {
  const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
  assert.ok(lines <= 150, `README.md has ${lines} lines: move what is not the quick start, the commands or the way on into docs/`);
});

test('every relative link of the README, CONTRIBUTING.md and docs/ leads to a file and a heading', () => {
  assert.ok(docs().length >= 10, `the docs were found: ${docs()}`);
  assert.deepEqual(docs().flatMap((f) => brokenLinks(join(ROOT, f), readFileSync(join(ROOT, f), 'utf8'))), []);
});

test('the check can fail: a missing file and a missing heading are named with file and line', () => {
  const file = join(ROOT, 'docs', 'x.md');
  assert.deepEqual(brokenLinks(file, '# Title\n\nsee [a](nowhere.md) and [b](stack.md#no-such-heading), [c](#title), [d](stack.md#configuration)\n'), [
    'docs/x.md:3 → nowhere.md (no such file)',
    'docs/x.md:3 → stack.md#no-such-heading (no heading with that anchor)',
  ]);
  assert.equal(anchor('Containers without a running Docker (`scripts/container-engine.sh`)'), 'containers-without-a-running-docker-scriptscontainer-enginesh');
});
