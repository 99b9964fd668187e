/**
 * npm run verdict -- diff BASE.json CANDIDATE.json [--out DIR]
 * Compares two runs' verdict files (test-results/verdict.json, fixtures/verdict-file.ts): prints what changed as
 * Markdown and writes verdict-diff.md and verdict-diff.html (self-contained) into DIR (default: the current
 * folder). Exits 1 when a test newly fails in CANDIDATE, 0 otherwise (fixed tests and known bugs seen otherwise
 * included), 2 on bad arguments or an unreadable file.
 *
 * npm run verdict -- page VERDICT.json [--out DIR]
 * Keeps a run's results: copies the verdict file into DIR (default docs/results) as <date>-<record>.json, writes its
 * page <date>-<record>.md and the folder's index.md (scripts/verdict/page.ts). Exit 2 on bad arguments.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffVerdicts } from './verdict/diff.ts';
import { toHtml, toMarkdown } from './verdict/render.ts';
import { pageName, resultsIndex, resultsPage } from './verdict/page.ts';
import { VERDICT_VERSION, type VerdictFile } from '../fixtures/verdict-file.ts';

const USAGE =
  'usage: npm run verdict -- diff BASE.json CANDIDATE.json [--out DIR]\n       npm run verdict -- page VERDICT.json [--out DIR]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function read(file: string): VerdictFile {
  let v: VerdictFile;
  try {
    v = JSON.parse(readFileSync(file, 'utf8')) as VerdictFile;
  } catch (e) {
    return fail(
      `${file}: cannot read a verdict file (${(e as Error).message.split('\n')[0]}); a run writes one as test-results/verdict.json`,
    );
  }
  if (v?.version !== VERDICT_VERSION || !Array.isArray(v.tests))
    fail(`${file}: not a verdict file of version ${VERDICT_VERSION} (test-results/verdict.json of a run)`);
  return v;
}

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const positional = args.filter((_, i) => outAt < 0 || (i !== outAt && i !== outAt + 1));
const out = outAt >= 0 ? args[outAt + 1] : positional[0] === 'page' ? 'docs/results' : '.';
if (outAt >= 0 && !out) fail('--out needs a folder');
if (positional[0] === 'page') {
  if (positional.length !== 2) fail(`expected: page VERDICT (got: ${positional.join(' ')})`);
  const v = read(positional[1]!);
  const name = pageName(v);
  mkdirSync(out!, { recursive: true });
  writeFileSync(join(out!, `${name}.json`), `${JSON.stringify(v, null, 2)}\n`);
  writeFileSync(join(out!, `${name}.md`), resultsPage(v, `${name}.json`));
  const runs = readdirSync(out!)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ name: f.slice(0, -5), verdict: read(join(out!, f)) }));
  writeFileSync(join(out!, 'index.md'), resultsIndex(runs));
  process.stdout.write(`written: ${join(out!, `${name}.md`)} (from ${name}.json), ${join(out!, 'index.md')}\n`);
  process.exit(0);
}
if (positional[0] !== 'diff' || positional.length !== 3)
  fail(`expected: diff BASE CANDIDATE, or page VERDICT (got: ${positional.join(' ') || 'nothing'})`);
const d = diffVerdicts(read(positional[1]!), read(positional[2]!));
const markdown = toMarkdown(d);
mkdirSync(out!, { recursive: true });
writeFileSync(join(out!, 'verdict-diff.md'), markdown);
writeFileSync(join(out!, 'verdict-diff.html'), toHtml(d));
process.stdout.write(markdown);
process.stdout.write(`\n(written: ${join(out!, 'verdict-diff.md')}, ${join(out!, 'verdict-diff.html')})\n`);
process.exit(d.newlyFailing ? 1 : 0);
