/**
 * node scripts/results-table.ts report.json   (--help: the usage; any other option is refused, exit 2)
 * Turns a Playwright JSON report (PLAYWRIGHT_JSON_OUTPUT_NAME=report.json npx playwright test --reporter=list,json)
 * into a Markdown table, one row per test, judged from the results themselves:
 *   pass · known bug observed (caveat: what was seen) · caveat no longer reproduces · fail (new bug / first error line) · flaky
 * Before the table: the build the suite assumed and why (each test's `build` annotation), and the failed tests
 * grouped by their first cause (fixtures/first-cause.ts), so that one broken thing is said once.
 */
import { readFileSync } from 'node:fs';
import { CAVEAT_GONE, KNOWN_BUG_OBSERVED, NEW_BUG } from '../fixtures/caveats.ts';
import { causeLines, type FailedTest } from '../fixtures/first-cause.ts';
import { cliArgs, isMain } from '../lib/cli.ts';

interface Annotation {
  type: string;
  description?: string;
}
interface Result {
  status: string;
  annotations?: Annotation[];
  error?: { message?: string };
  errors?: { message?: string }[];
}
interface Test {
  expectedStatus: string;
  status: string;
  projectName?: string;
  annotations: Annotation[];
  results: Result[];
}
interface Spec {
  title: string;
  file: string;
  tests: Test[];
}
interface Suite {
  title: string;
  specs?: Spec[];
  suites?: Suite[];
}

// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');
const cell = (s: string) => plain(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function verdict(t: Test): string {
  const last = t.results.at(-1);
  if (t.status === 'flaky') return 'flaky (failed, then passed on a retry)';
  if (t.status === 'skipped') {
    // A test ended by a known bug that leaves its subject uncheckable (fixtures/checks/known-bug-stop.ts).
    const stopped = [...t.annotations, ...(last?.annotations ?? [])]
      .filter((a) => a.type === KNOWN_BUG_OBSERVED)
      .map((a) => a.description ?? '');
    return stopped.length
      ? `known bug observed (its subject not checkable on this build): ${[...new Set(stopped)].join('; ')}`
      : 'skipped';
  }
  const message = plain(last?.error?.message ?? last?.errors?.[0]?.message ?? '');
  if (last?.status === 'passed') {
    const seen = [...t.annotations, ...(last.annotations ?? [])]
      .filter((a) => a.type === KNOWN_BUG_OBSERVED)
      .map((a) => a.description ?? '');
    return seen.length ? `known bug observed: ${[...new Set(seen)].join('; ')}` : 'pass';
  }
  if (message.includes(CAVEAT_GONE)) return `**caveat no longer reproduces**: ${message.split('\n')[0]}`;
  if (message.includes(NEW_BUG)) return `**fail** (new bug): ${message.split('\n').slice(0, 2).join(' ')}`;
  return `**fail**: ${message.split('\n').find((l) => l.trim()) ?? last?.status ?? t.status}`;
}

interface Row {
  file: string;
  title: string;
  test: Test;
}

function tests(report: { suites: Suite[] }): Row[] {
  const out: Row[] = [];
  const walk = (s: Suite, path: string[]) => {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests)
        out.push({
          file: spec.file.replace(/^.*tests\//, ''),
          title: [...path, spec.title].filter(Boolean).join(' › '),
          test: t,
        });
    }
    for (const child of s.suites ?? []) walk(child, [...path, child.title.endsWith('.ts') ? '' : child.title]);
  };
  for (const s of report.suites) walk(s, []);
  return out;
}

const failedStatus = (t: Test) => t.status === 'unexpected';
const errorOf = (t: Test) => {
  const last = t.results.at(-1);
  return plain(last?.error?.message ?? last?.errors?.[0]?.message ?? last?.status ?? t.status);
};

/** The header: the build the suite assumed (and why), and the failed tests grouped by first cause. */
export function header(report: { suites: Suite[] }): string {
  const all = tests(report);
  const builds = [
    ...new Set(
      all
        .flatMap((r) => [...r.test.annotations, ...(r.test.results.at(-1)?.annotations ?? [])])
        .filter((a) => a.type === 'build')
        .map((a) => a.description ?? ''),
    ),
  ];
  const failed: FailedTest[] = all
    .filter((r) => failedStatus(r.test))
    .map((r) => ({ title: `\`${r.file}\` ${r.title}`, message: errorOf(r.test) }));
  const lines = [`**Build assumed**: ${builds.length ? builds.join('; ') : 'not recorded in the report'}`, ''];
  if (failed.length) lines.push(`**${failed.length} failed, by first cause**:`, ...causeLines(failed), '');
  else lines.push(`**No failed test** (${all.length} tests).`, '');
  return lines.join('\n');
}

/** The table, one row per test; with a `project` column when the run had more than one Playwright project (the
 * same test on the desktop and on a phone is two rows). */
export function table(report: { suites: Suite[] }): string {
  const all = tests(report);
  const projects = new Set(all.map((r) => r.test.projectName ?? ''));
  const head =
    projects.size > 1
      ? '| project | spec | test | result |\n|---|---|---|---|'
      : '| spec | test | result |\n|---|---|---|';
  const row = (r: Row) =>
    `|${projects.size > 1 ? ` ${r.test.projectName ?? ''} |` : ''} \`${r.file}\` | ${cell(r.title)} | ${cell(verdict(r.test))} |`;
  return [head, ...all.map(row)].join('\n');
}

export const USAGE =
  'node scripts/results-table.ts REPORT.json  (PLAYWRIGHT_JSON_OUTPUT_NAME=REPORT.json npx playwright test --reporter=list,json)';

if (isMain(import.meta)) {
  const { positionals } = cliArgs('results-table', USAGE, { options: {}, allowPositionals: true });
  if (positionals.length !== 1) {
    process.stderr.write(
      `results-table: give one Playwright JSON report (${positionals.length} given)\nusage: ${USAGE}\n`,
    );
    process.exit(2);
  }
  const report = JSON.parse(readFileSync(positionals[0]!, 'utf8')) as { suites: Suite[] };
  process.stdout.write(`${header(report)}\n${table(report)}\n`);
}
