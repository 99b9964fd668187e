/**
 * npm run test:load -- [--repeat-each 5] [--hogs N] [--max-minutes 20] [-- …extra playwright args]
 * The suite under load, as a check: N busy-looping processes (default: one per core) keep every core busy while
 * the whole suite runs with --repeat-each (default 5), one retry allowed only so that a flaky test shows as
 * flaky, and --fail-on-flaky-tests. Prints figures (JSON, then a table) and exits 1 unless 0 failed and 0 flaky.
 * The hogs stop with the suite, and by themselves after --max-minutes whatever happens.
 */
import { parseArgs } from 'node:util';
import { spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'repeat-each': { type: 'string', default: '5' },
    hogs: { type: 'string' },
    'max-minutes': { type: 'string', default: '20' },
  },
});
const repeat = Number(values['repeat-each']);
const hogs = Number(values.hogs ?? availableParallelism());
const maxMs = Number(values['max-minutes']) * 60_000;
for (const [name, v] of [
  ['--repeat-each', repeat],
  ['--hogs', hogs],
  ['--max-minutes', maxMs],
] as const) {
  if (!Number.isInteger(v) || v < (name === '--hogs' ? 0 : 1)) {
    process.stderr.write(`${name} must be a positive whole number\n`);
    process.exit(2);
  }
}

const HOG = `const end = Date.now() + ${maxMs}; let x = 0; while (Date.now() < end) x = (x + 1) % 1e9;`;
const hogProcs: ChildProcess[] = Array.from({ length: hogs }, () =>
  spawn(process.execPath, ['-e', HOG], { stdio: 'ignore' }),
);
const stopHogs = () => {
  for (const h of hogProcs) h.kill('SIGKILL');
};
process.on('exit', stopHogs);
for (const s of ['SIGINT', 'SIGTERM'] as const)
  process.on(s, () => {
    stopHogs();
    process.exit(130);
  });

const out = mkdtempSync(join(tmpdir(), 'e2e-load-'));
const report = join(out, 'report.json');
const t0 = Date.now();
process.stderr.write(`[load] ${hogs} CPU hog(s) on ${availableParallelism()} core(s); suite --repeat-each ${repeat}\n`);
const suite = spawn(
  process.execPath,
  [
    join(ROOT, 'node_modules/@playwright/test/cli.js'),
    'test',
    `--repeat-each=${repeat}`,
    '--retries=1',
    '--fail-on-flaky-tests',
    '--reporter=dot,json',
    ...positionals,
  ],
  {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
  },
);
const timer = setTimeout(() => suite.kill('SIGTERM'), maxMs);
const code = await new Promise<number | null>((r) => suite.on('exit', r));
clearTimeout(timer);
stopHogs();
const wallMs = Date.now() - t0;

let stats: { expected?: number; unexpected?: number; flaky?: number; skipped?: number } = {};
try {
  stats = JSON.parse(readFileSync(report, 'utf8')).stats ?? {};
} catch {
  process.stderr.write(`[load] no JSON report (the suite exited ${code} before writing it)\n`);
}
rmSync(out, { recursive: true, force: true });
const figures = {
  hogs,
  cores: availableParallelism(),
  repeatEach: repeat,
  passed: stats.expected ?? 0,
  failed: stats.unexpected ?? 0,
  flaky: stats.flaky ?? 0,
  skipped: stats.skipped ?? 0,
  wallMs,
  suiteExit: code,
};
process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
process.stdout.write(
  `\n| hogs | repeat-each | passed | failed | flaky | skipped | wall |\n|---|---|---|---|---|---|---|\n| ${hogs} | ${repeat} | ${figures.passed} | ${figures.failed} | ${figures.flaky} | ${figures.skipped} | ${(wallMs / 1000).toFixed(1)} s |\n`,
);
process.exit(code === 0 && figures.failed === 0 && figures.flaky === 0 && figures.passed > 0 ? 0 : 1);
