/**
 * node scripts/results-table.ts report.json
 * Turns a Playwright JSON report (PLAYWRIGHT_JSON_OUTPUT_NAME=report.json npx playwright test --reporter=json)
 * into a Markdown table: each test, pass / expected failure (with its contract caveat) / fail / flaky.
 */
import { readFileSync } from 'node:fs';

interface Result { status: string; annotations?: { type: string; description?: string }[] }
interface Test { expectedStatus: string; status: string; annotations: { type: string; description?: string }[]; results: Result[] }
interface Spec { title: string; file: string; tests: Test[] }
interface Suite { title: string; specs?: Spec[]; suites?: Suite[] }

const report = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as { suites: Suite[] };
const rows: string[] = [];
function walk(s: Suite, path: string[]) {
  for (const spec of s.specs ?? []) {
    for (const t of spec.tests) {
      const last = t.results.at(-1);
      const caveats = [...t.annotations, ...(last?.annotations ?? [])].filter((a) => a.type === 'contract caveat').map((a) => a.description);
      const verdict = t.status === 'expected'
        ? (t.expectedStatus === 'failed' ? `expected failure (${[...new Set(caveats)].join('; ')})` : 'pass')
        : t.status === 'flaky' ? 'flaky' : t.expectedStatus === 'failed' ? 'FAIL (passed: the recorded bug is gone?)' : 'FAIL';
      rows.push(`| \`${spec.file.replace(/^.*tests\//, '')}\` | ${[...path, spec.title].filter(Boolean).join(' › ')} | ${verdict} |`);
    }
  }
  for (const child of s.suites ?? []) walk(child, [...path, child.title.endsWith('.ts') ? '' : child.title]);
}
for (const s of report.suites) walk(s, []);
process.stdout.write(`| spec | test | result |\n|---|---|---|\n${rows.join('\n')}\n`);
