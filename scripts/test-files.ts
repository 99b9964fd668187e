/**
 * node scripts/test-files.ts [--concurrency N] FILE…  — runs node:test files in the order given, N (default 3) at
 * a time, each in its own process, reported by scripts/test-progress.ts; exits 1 if any test failed. (`node --test`
 * sorts its files by name; scripts/project-tests.ts starts the slowest first, so that the run does not end on a
 * long file started last.)
 */
import { run } from 'node:test';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import progress from './test-progress.ts';

const { values, positionals } = parseArgs({
  options: { concurrency: { type: 'string', default: '3' } },
  allowPositionals: true,
});
const concurrency = Number(values.concurrency);
if (!positionals.length || !(concurrency >= 1)) {
  process.stderr.write('usage: node scripts/test-files.ts [--concurrency N] FILE…  (N a whole number ≥ 1)\n');
  process.exit(2);
}
run({ files: positionals.map((f) => resolve(f)), concurrency })
  .on('test:fail', () => {
    process.exitCode = 1;
  })
  .compose(progress)
  .pipe(process.stdout);
