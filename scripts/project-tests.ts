/**
 * `npm test` and `npm run test:proofs` run this: one set of the project's own tests (scripts/test-sets.ts) with
 * node's test runner (scripts/test-files.ts), three files at a time, the slowest first, one progress line per test as
 * it ends (scripts/test-progress.ts), and every temp dir they make in one folder of this run (TMPDIR). At the end that
 * folder must be empty — whatever a test left there (a stack dir, a fault run's folder, a browser profile) is named
 * and fails the run — and it is removed; a platform's own file left in the machine's temp dir meanwhile
 * (lib/temp-leftovers.ts) fails it too. The set's expected time is printed at its start and its end.
 *   node scripts/project-tests.ts [--proofs] [test files…]   (default: the inner loop's files; --proofs: the proofs')
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPECTED, testFiles, type TestSet } from './test-sets.ts';
import { platformTempLeftovers } from '../lib/temp-leftovers.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const set: TestSet = process.argv.includes('--proofs') ? 'proofs' : 'inner';
const files = process.argv.slice(2).filter((a) => a !== '--proofs');
const label = set === 'proofs' ? 'npm run test:proofs' : 'npm test';
const HEARTBEAT_MS = 30_000;
// Three files at a time on two cores: most of a project test's time is spent waiting on processes it started (a
// stack becoming ready, a runner stopping, a watchdog polling), so a third file uses time the other two leave idle.
const CONCURRENCY = 3;
// A short name: a stack dir inside a test's own dir inside this one still leaves PostgreSQL's socket path under
// its 107-byte limit.
const runDir = mkdtempSync(join(tmpdir(), 'e2e-t-'));
chmodSync(runDir, 0o711); // PostgreSQL's user reaches the stack dirs inside it
const expected = files.length ? 'the files named' : `expected ${EXPECTED[set]}`;
process.stderr.write(
  `[${label}] the project's tests (${set === 'proofs' ? 'the proofs' : 'the inner loop'}): ${expected}; one line per test as it ends; their temp dirs in ${runDir}\n`,
);

const uid = process.geteuid?.() ?? '';
const chosen = files.length ? files : testFiles(set, ROOT);

const child = spawn(
  process.execPath,
  [join(ROOT, 'scripts', 'test-files.ts'), '--concurrency', String(CONCURRENCY), ...chosen],
  {
    cwd: ROOT,
    stdio: 'inherit',
    env: {
      ...process.env,
      TMPDIR: runDir,
      // Playwright's compiled-file cache stays where it always is (a cold cache costs seconds per run).
      PLAYWRIGHT_TRANSFORM_CACHE_DIR:
        process.env.PLAYWRIGHT_TRANSFORM_CACHE_DIR || join(tmpdir(), `playwright-transform-cache-${uid}`),
      // Node's compile cache (kept where Node's own default puts it) likewise.
      NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache'),
    },
  },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));

/** The test files node's runner is running now (its child processes), for the heartbeat. */
function running(): string[] {
  const names: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== child.pid) continue;
      const file = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
        .split('\0')
        .find((a) => a.endsWith('.test.ts'));
      if (file) names.push(basename(file));
    } catch {
      /* gone */
    }
  }
  return names;
}

// Node's runner reports a file's tests once the file has ended: a heartbeat says what runs meanwhile.
const total = chosen.length;
const seen = new Set<string>();
const t0 = Date.now();
const heartbeat = setInterval(() => {
  const now = running();
  now.forEach((f) => seen.add(f));
  process.stderr.write(
    `[${label}] ${Math.round((Date.now() - t0) / 1000)} s: running ${now.join(', ') || '…'}; ${seen.size - now.length} of ${total} files done\n`,
  );
}, HEARTBEAT_MS);
heartbeat.unref();
setInterval(() => running().forEach((f) => seen.add(f)), 2000).unref();

const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
clearInterval(heartbeat);
process.stderr.write(
  `[${label}] ${Math.round((Date.now() - t0) / 1000)} s in all (${expected}; the machine's load now: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')})\n`,
);
// testcontainers keeps its own lock file in the temp dir (the containers-provider tests): the library's, not a leftover.
const left = readdirSync(runDir).filter((name) => !/^testcontainers-node-\d+\.lock$/.test(name));
rmSync(runDir, { recursive: true, force: true });
if (left.length)
  process.stderr.write(
    `[${label}] the tests left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in their temp folder (removed now): ${left.join(', ')}\n`,
  );
// A platform's own files in the machine's temp dir, outside every folder of this run (lib/temp-leftovers.ts).
const platformLeft = platformTempLeftovers(t0);
if (platformLeft.length)
  process.stderr.write(
    `[${label}] a platform left ${platformLeft.length} file(s) in the machine's temp dir during the run (kept to be looked at): ${platformLeft.join(', ')}\n`,
  );
process.exit(left.length || platformLeft.length ? code || 1 : code);
