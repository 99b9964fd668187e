/**
 * A reporter for node's test runner (scripts/test-files.ts composes it; or
 * `--test-reporter=./scripts/test-progress.ts`): one line per test as soon as it ends (its time, file and name), the
 * error of a failed one, and at the end the counts, the ten slowest tests, the tests over 60 s and the files over
 * 60 s (a file runs its tests one after another: one that long holds up the run), and last the failed tests again
 * with the first lines of their error (a log read from its tail, as CI shows one, names what failed). Used by
 * `npm test` and `npm run test:proofs` (scripts/project-tests.ts) so that a long run is never silent.
 */
import { basename } from 'node:path';

interface TestEvent {
  type: string;
  data: {
    name: string;
    nesting: number;
    file?: string;
    skip?: unknown;
    todo?: unknown;
    details?: { duration_ms?: number; error?: { message?: string; cause?: unknown } };
  };
}

const LIMIT_MS = 60_000;
/** How many lines of a failed test's error the closing list repeats. */
const ERROR_LINES = 6;

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1).padStart(5)} s`;
}

function failure(error: { message?: string; cause?: unknown } | undefined): string {
  const cause = error?.cause as { message?: string; stack?: string } | string | undefined;
  const text = typeof cause === 'string' ? cause : (cause?.stack ?? cause?.message ?? error?.message ?? 'failed');
  return text
    .split('\n')
    .map((l) => `      ${l}`)
    .join('\n');
}

export default async function* progress(source: AsyncIterable<TestEvent>): AsyncGenerator<string> {
  const t0 = Date.now();
  const done: { name: string; ms: number }[] = [];
  const failures: { name: string; error: string }[] = [];
  /** Each file's tests' time added up (a file runs its tests one after another). */
  const files = new Map<string, number>();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for await (const event of source) {
    if ((event.type !== 'test:pass' && event.type !== 'test:fail') || event.data.nesting !== 0) continue;
    const { name, file, details, skip, todo } = event.data;
    if (file && name === file) continue; // the file itself, reported once its tests are
    const ms = details?.duration_ms ?? 0;
    if (file) files.set(basename(file), (files.get(basename(file)) ?? 0) + ms);
    const label = `${file ? `${basename(file)} › ` : ''}${name}`;
    const elapsed = `[${Math.round((Date.now() - t0) / 1000)} s]`;
    if (skip || todo) {
      skipped++;
      yield `﹣ ${elapsed} ${label} (skipped${typeof skip === 'string' ? `: ${skip}` : ''})\n`;
      continue;
    }
    done.push({ name: label, ms });
    if (event.type === 'test:pass') {
      passed++;
      yield `✔ ${elapsed} ${seconds(ms)}  ${label}\n`;
    } else {
      failed++;
      const error = failure(details?.error);
      failures.push({ name: label, error });
      yield `✖ ${elapsed} ${seconds(ms)}  ${label}\n${error}\n`;
    }
  }
  const slowest = [...done].sort((a, b) => b.ms - a.ms).slice(0, 10);
  const over = done.filter((d) => d.ms > LIMIT_MS);
  yield `\n${passed} passed, ${failed} failed, ${skipped} skipped in ${Math.round((Date.now() - t0) / 1000)} s\n`;
  yield `slowest:\n${slowest.map((d) => `  ${seconds(d.ms)}  ${d.name}`).join('\n')}\n`;
  if (over.length)
    yield `over ${LIMIT_MS / 1000} s (too slow for a project test): ${over.map((d) => d.name).join('; ')}\n`;
  const longFiles = [...files].filter(([, ms]) => ms > LIMIT_MS).sort((a, b) => b[1] - a[1]);
  if (longFiles.length)
    yield `files over ${LIMIT_MS / 1000} s (their tests added up): ${longFiles.map(([f, ms]) => `${f} ${seconds(ms).trim()}`).join('; ')}\n`;
  if (failures.length) {
    yield `failed (${failures.length}; each error whole above):\n`;
    for (const f of failures) yield `✖ ${f.name}\n${f.error.split('\n').slice(0, ERROR_LINES).join('\n')}\n`;
  }
}
