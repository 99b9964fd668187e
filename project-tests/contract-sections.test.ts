/**
 * Every contract section the repository cites ("contract §N", "§N.N") resolves inside the repository (issue 29): each
 * has a heading in docs/contract.md whose text begins with that § number and a space (`## §N Title`,
 * `### §N.N Title`), and no heading is there twice. The citations are collected from the tracked text files
 * (`git ls-files`), docs/contract.md itself and package-lock.json left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { ROOT } from './helpers.ts';

const PAGE = 'docs/contract.md';
const EXCLUDED = new Set([PAGE, 'package-lock.json']);
const EXTENSIONS = new Set([
  '.ts',
  '.js',
  '.cjs',
  '.mjs',
  '.md',
  '.json',
  '.yml',
  '.yaml',
  '.sh',
  '.html',
  '.css',
  '.bas',
  '.csv',
]);
/** A citation: the section sign, an optional space, then dotted numbers ("§5", "§11.8"). */
const CITATION = /§ ?(\d+(?:\.\d+)*)/g;
/** A heading of the page that names a section: `#`s, then the § number and a space. */
const SECTION_HEADING = /^#+\s+§(\d+(?:\.\d+)*)\s/;

/** The tracked text files the citations are collected from (repository-relative paths). */
function trackedTextFiles(): string[] {
  const r = spawnSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ls-files failed in ${ROOT}: ${r.stderr}`);
  return r.stdout
    .split('\0')
    .filter((f) => f && !EXCLUDED.has(f) && EXTENSIONS.has(extname(f)) && existsSync(join(ROOT, f)));
}

/** Each cited section with the first file:line that cites it, in the order first met. */
function citations(): Map<string, string> {
  const first = new Map<string, string>();
  for (const file of trackedTextFiles()) {
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const m of line.matchAll(CITATION)) if (!first.has(m[1])) first.set(m[1], `${file}:${i + 1}`);
      });
  }
  return first;
}

/** The page's headings: every `#` line's text, and the § number of those that name a section, with their lines. */
function headings(): { texts: { text: string; line: number }[]; sections: { section: string; line: number }[] } {
  const texts: { text: string; line: number }[] = [];
  const sections: { section: string; line: number }[] = [];
  readFileSync(join(ROOT, PAGE), 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!/^#+\s/.test(line)) return;
      texts.push({ text: line.replace(/^#+\s+/, '').trim(), line: i + 1 });
      const m = SECTION_HEADING.exec(line);
      if (m) sections.push({ section: m[1], line: i + 1 });
    });
  return { texts, sections };
}

test('every § cited in the repository has a heading in docs/contract.md', () => {
  const cited = citations();
  assert.ok(cited.size > 0, 'no § citation found in the tracked files: is this a git checkout?');
  const present = new Set(headings().sections.map((s) => s.section));
  const unresolved = [...cited].filter(([section]) => !present.has(section));
  assert.deepEqual(
    unresolved,
    [],
    `${unresolved.length} cited section(s) have no heading in ${PAGE}; add a heading \`## §N Title\` ` +
      `(or \`### §N.N Title\`) there for each:\n${unresolved.map(([s, where]) => `  §${s}  first cited at ${where}`).join('\n')}`,
  );
});

test('the headings of docs/contract.md are unique, and so are their § numbers', () => {
  const { texts, sections } = headings();
  const twice = <T>(items: T[], key: (t: T) => string) =>
    items.filter((t, i) => items.findIndex((u) => key(u) === key(t)) !== i);
  const sameText = twice(texts, (t) => t.text);
  assert.deepEqual(
    sameText.map((t) => `${PAGE}:${t.line} ${t.text}`),
    [],
    `headings repeated in ${PAGE} (their anchors clash)`,
  );
  const sameSection = twice(sections, (s) => s.section);
  assert.deepEqual(
    sameSection.map((s) => `${PAGE}:${s.line} §${s.section}`),
    [],
    `sections with two headings in ${PAGE}`,
  );
});
