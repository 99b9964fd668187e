/**
 * node scripts/ci-digest.ts LOG
 * What failed in one stream of `.ci/run`, read from that stream's whole output (LOG): `.ci/run` prints it for each
 * failed stream at its very end, because a CI log is read from its tail and the streams' lines are interleaved — a
 * leg that failed early is otherwise scrolled away by the legs after it (docs/ci.md).
 * Prints, when LOG holds them: the project tests' closing list of failures (scripts/test-progress.ts), Playwright's
 * numbered failures with the first lines of each error (the list reporter's epilogue), its "N failed" and "N flaky"
 * lists, the errors that were part of no test, and the run's header with the failed tests grouped by first cause
 * (fixtures/causes-reporter.ts). A log with none of them (the stream died before a test ended) gets its last lines.
 * Exits 2 naming LOG if it cannot be read, with the usage if no LOG is named.
 */
import { readFileSync } from 'node:fs';
import { cliArgs, isMain } from '../lib/cli.ts';

/** How many lines of each Playwright failure's error are kept. */
const ERROR_LINES = 8;
/** How many of Playwright's numbered failures are shown with their error (the rest are in its "N failed" list). */
const DETAILED = 6;
/** How many last lines stand for a log that has no summary. */
const TAIL_LINES = 30;

/** The digest of one stream's log: the lines worth reading at the end of a CI run. */
export function digest(log: string): string[] {
  // Playwright draws a rule after a failure's title: not worth keeping.
  const lines = log.split('\n').map((l) => l.replace(/\s*─*\s*$/, ''));
  const out: string[] = [];
  const proofs = lines.findIndex((l) => /^failed \(\d+; each error whole above\):$/.test(l));
  if (proofs >= 0) out.push(...lines.slice(proofs).filter(Boolean));
  out.push(...playwrightFailures(lines));
  const header = lines.findIndex((l) => l.startsWith('Build assumed: '));
  if (header >= 0) {
    // It ends at a blank line or at another reporter's line ("[e2e] artifacts: …", "[conversations] …").
    const end = lines.findIndex((l, i) => i > header && (l === '' || l.startsWith('[')));
    out.push(...lines.slice(header, end < 0 ? undefined : end));
  }
  return out.length
    ? out
    : ['(no summary in its output; its last lines:)', ...lines.filter(Boolean).slice(-TAIL_LINES)];
}

/**
 * Playwright's numbered failures ("  1) [chromium] › …"; no "[project]" in a config without projects) with their first
 * error lines, then its "N failed" and "N flaky" lists and the errors that were part of no test.
 */
function playwrightFailures(lines: string[]): string[] {
  const out: string[] = [];
  let kept = -1; // error lines still to keep after a failure's title; -1 outside a failure
  let shown = 0;
  for (const line of lines) {
    if (/^ {2}\d+\) \S/.test(line)) {
      kept = shown++ < DETAILED ? ERROR_LINES : -1;
      if (kept > 0) out.push(line);
    } else if (kept > 0 && line.trim() && !/^\s+(>?\s*\d+ )?\|/.test(line)) {
      // The error's own lines; its code frame ("  12 | …", "     |   ^") is left to the whole output.
      out.push(line);
      kept--;
    } else if (/^\s+\d+ (passed|skipped|flaky|did not run)/.test(line)) kept = -1;
  }
  const failedList = lines.findIndex((l) => /^\s+\d+ (failed|flaky)$/.test(l));
  if (failedList >= 0)
    for (const line of lines.slice(failedList)) {
      if (/^\s+\d+ (passed|skipped|did not run)/.test(line)) break;
      out.push(line);
    }
  // Errors outside any test (a worker's fixture teardown, global setup): flush left, and counted after the tests.
  const outside = lines.filter((l) => /^\s+\d+ errors? (was|were) not a part of any test/.test(l));
  if (outside.length) out.push(...outside, ...[...new Set(lines.filter((l) => l.startsWith('Error: ')))].slice(0, 3));
  return out;
}

if (isMain(import.meta)) {
  const usage = 'node scripts/ci-digest.ts LOG   (what failed in one stream of .ci/run, from its whole output)';
  const { positionals } = cliArgs('ci-digest', usage, { allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    process.stderr.write(`ci-digest: name one stream's log\nusage: ${usage}\n`);
    process.exit(2);
  }
  let log: string;
  try {
    log = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(`ci-digest: cannot read the stream's log ${file}: ${(e as Error).message}\n`);
    process.exit(2);
  }
  process.stdout.write(`${digest(log).join('\n')}\n`);
}
