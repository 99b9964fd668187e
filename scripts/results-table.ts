/**
 * node scripts/results-table.ts report.json [--build NAME]
 * Turns a Playwright JSON report (PLAYWRIGHT_JSON_OUTPUT_NAME=report.json npx playwright test --reporter=list,json)
 * into a Markdown table, one row per test, judged from the results themselves:
 *   pass · known bug observed (caveat: what was seen) · caveat no longer reproduces · fail (new bug / first error line) · flaky
 */
import { readFileSync } from 'node:fs';
import { CAVEAT_GONE, KNOWN_BUG_OBSERVED, NEW_BUG } from '../fixtures/caveats.ts';

interface Annotation { type: string; description?: string }
interface Result { status: string; annotations?: Annotation[]; error?: { message?: string }; errors?: { message?: string }[] }
interface Test { expectedStatus: string; status: string; annotations: Annotation[]; results: Result[] }
interface Spec { title: string; file: string; tests: Test[] }
interface Suite { title: string; specs?: Spec[]; suites?: Suite[] }

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
const cell = (s: string) => plain(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function verdict(t: Test): string {
  const last = t.results.at(-1);
  if (t.status === 'flaky') return 'flaky (failed, then passed on a retry)';
  if (t.status === 'skipped') return 'skipped';
  const message = plain(last?.error?.message ?? last?.errors?.[0]?.message ?? '');
  if (last?.status === 'passed') {
    const seen = [...t.annotations, ...(last.annotations ?? [])].filter((a) => a.type === KNOWN_BUG_OBSERVED).map((a) => a.description ?? '');
    return seen.length ? `known bug observed: ${[...new Set(seen)].join('; ')}` : 'pass';
  }
  if (message.includes(CAVEAT_GONE)) return `**caveat no longer reproduces**: ${message.split('\n')[0]}`;
  if (message.includes(NEW_BUG)) return `**fail** (new bug): ${message.split('\n').slice(0, 2).join(' ')}`;
  return `**fail**: ${message.split('\n').find((l) => l.trim()) ?? last?.status ?? t.status}`;
}

function rows(report: { suites: Suite[] }): string[] {
  const out: string[] = [];
  const walk = (s: Suite, path: string[]) => {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests) out.push(`| \`${spec.file.replace(/^.*tests\//, '')}\` | ${cell([...path, spec.title].filter(Boolean).join(' › '))} | ${cell(verdict(t))} |`);
    }
    for (const child of s.suites ?? []) walk(child, [...path, child.title.endsWith('.ts') ? '' : child.title]);
  };
  for (const s of report.suites) walk(s, []);
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: node scripts/results-table.ts report.json\n');
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(file, 'utf8')) as { suites: Suite[] };
  process.stdout.write(`| spec | test | result |\n|---|---|---|\n${rows(report).join('\n')}\n`);
}
