/**
 * `npm test` runs this (after the type check): the project's own tests with node's test runner
 * (scripts/test-files.ts), three files at a time, the slowest first, one progress line per test as it ends
 * (scripts/test-progress.ts), and every temp dir they make in one folder of this run (TMPDIR). At the end that
 * folder must be empty — whatever a test left there (a stack dir, a fault run's folder, a browser profile) is named
 * and fails the run — and it is removed.
 *   node scripts/project-tests.ts [test files…]      (default: project-tests/*.test.ts)
 * Expected duration: see EXPECTED (README: Quick start).
 */
import { spawn } from 'node:child_process';
import { chmodSync, globSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXPECTED = '5 to 12 minutes on a 2-core machine (longer while the machine is busy)';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const files = process.argv.slice(2);
const HEARTBEAT_MS = 30_000;
// Three files at a time on two cores: most of a project test's time is spent waiting on processes it started (a
// stack becoming ready, a runner stopping, a watchdog polling), so a third file uses time the other two leave idle.
const CONCURRENCY = 3;
// A short name: a stack dir inside a test's own dir inside this one still leaves PostgreSQL's socket path under
// its 107-byte limit.
const runDir = mkdtempSync(join(tmpdir(), 'e2e-t-'));
chmodSync(runDir, 0o711); // PostgreSQL's user reaches the stack dirs inside it
process.stderr.write(`[npm test] the project's tests: ${EXPECTED}; one line per test as it ends; their temp dirs in ${runDir}\n`);

const uid = process.geteuid?.() ?? '';
// The files that take longest start first (each runs its tests one after another): the run does not end on one of
// them started last. Measured on an idle 2-core machine, slowest first; any file not named follows in name order.
const SLOWEST_FIRST = ['one-cause', 'verdicts', 'llm-first-verdicts', 'bots-census', 'containers-provider', 'suite-faults', 'suite-input', 'cli-by-hand', 'accessibility-verdicts', 'cli',
  'reference-dialog-profiles', 'run-ends', 'port-claims', 'stack-lifecycle', 'abandoned-stack', 'security-verdicts', 'first-start', 'launcher', 'headed',
  'artifact-secrets', 'reference-profiles'];
const rank = (f: string) => { const i = SLOWEST_FIRST.indexOf(basename(f, '.test.ts')); return i < 0 ? SLOWEST_FIRST.length : i; };
const allFiles = globSync('project-tests/*.test.ts', { cwd: ROOT }).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));

const child = spawn(process.execPath, [join(ROOT, 'scripts', 'test-files.ts'), '--concurrency', String(CONCURRENCY), ...(files.length ? files : allFiles)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    TMPDIR: runDir,
    // Playwright's compiled-file cache stays where it always is (a cold cache costs seconds per run).
    PLAYWRIGHT_TRANSFORM_CACHE_DIR: process.env.PLAYWRIGHT_TRANSFORM_CACHE_DIR || join(tmpdir(), `playwright-transform-cache-${uid}`),
    // Node's compile cache (Playwright turns it on) likewise.
    NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache'),
  },
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));

/** The test files node's runner is running now (its child processes), for the heartbeat. */
function running(): string[] {
  const names: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== child.pid) continue;
      const file = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').find((a) => a.endsWith('.test.ts'));
      if (file) names.push(basename(file));
    } catch { /* gone */ }
  }
  return names;
}

// Node's runner reports a file's tests once the file has ended: a heartbeat says what runs meanwhile.
const total = (files.length ? files : allFiles).length;
const seen = new Set<string>();
const t0 = Date.now();
const heartbeat = setInterval(() => {
  const now = running();
  now.forEach((f) => seen.add(f));
  process.stderr.write(`[npm test] ${Math.round((Date.now() - t0) / 1000)} s: running ${now.join(', ') || '…'}; ${seen.size - now.length} of ${total} files done\n`);
}, HEARTBEAT_MS);
heartbeat.unref();
setInterval(() => running().forEach((f) => seen.add(f)), 2000).unref();

const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
clearInterval(heartbeat);
process.stderr.write(`[npm test] ${Math.round((Date.now() - t0) / 1000)} s in all\n`);
// testcontainers keeps its own lock file in the temp dir (the containers-provider tests): the library's, not a leftover.
const left = readdirSync(runDir).filter((name) => !/^testcontainers-node-\d+\.lock$/.test(name));
rmSync(runDir, { recursive: true, force: true });
if (left.length) {
  process.stderr.write(`[npm test] the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in their temp folder (removed now): ${left.join(', ')}\n`);
  process.exit(code || 1);
}
process.exit(code);
