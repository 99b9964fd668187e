/**
 * docs/writing-specs.md is the map of the specs (issue 37): its table "What each spec checks" has one row per spec
 * file of tests/, and names no spec that is not there. A spec added without its row is named, with what to do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

const MAP = 'docs/writing-specs.md';

/** The specs the map's table names: the first code span of each row, relative to tests/. */
export function mappedSpecs(markdown: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith('What each spec checks')) ?? '';
  return [...section.matchAll(/^\| `([^`]+\.spec\.ts)` \|/gm)].map((m) => m[1]!);
}

/** What differs between the map and the spec files (paths relative to tests/): one line per spec, saying what to do. */
export function mapDifferences(mapped: string[], specs: string[]): string[] {
  return [
    ...specs
      .filter((s) => !mapped.includes(s))
      .map((s) => `tests/${s} has no row in ${MAP} ("What each spec checks"): add \`${s}\` and what it checks`),
    ...mapped
      .filter((s) => !specs.includes(s))
      .map((s) => `${MAP} maps \`${s}\`, which is no spec of tests/: remove its row, or fix its name`),
  ];
}

/** The spec files of the working tree (committed or new, not ignored), relative to tests/. */
const specs = () =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'tests'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f.endsWith('.spec.ts'))
    .map((f) => f.slice('tests/'.length))
    .sort();

test(`${MAP} maps every spec of tests/, and only those`, () => {
  const mapped = mappedSpecs(readFileSync(join(ROOT, MAP), 'utf8'));
  assert.ok(mapped.length >= 20, `the map's rows were found: ${mapped}`);
  assert.deepEqual(mapDifferences(mapped, specs()), []);
});

test('the check can fail: a spec without its row and a row without its spec are each named', () => {
  const markdown =
    '# Map\n\n## What each spec checks\n\n| spec | what it checks |\n|---|---|\n| `chat.spec.ts` | the chat |\n| `bots/gone.spec.ts` | was here |\n\n## Other\n\n| `x.spec.ts` | not the map |\n';
  assert.deepEqual(mappedSpecs(markdown), ['chat.spec.ts', 'bots/gone.spec.ts']);
  assert.deepEqual(mapDifferences(mappedSpecs(markdown), ['bots/knowledge-base.spec.ts', 'chat.spec.ts']), [
    `tests/bots/knowledge-base.spec.ts has no row in ${MAP} ("What each spec checks"): add \`bots/knowledge-base.spec.ts\` and what it checks`,
    `${MAP} maps \`bots/gone.spec.ts\`, which is no spec of tests/: remove its row, or fix its name`,
  ]);
});
