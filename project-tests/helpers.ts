/** Shared helpers of the project's own tests (node:test). */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'stack', 'cli.ts');

import { processAlive as alive } from '../stack/process-alive.ts';
import { realBuildRecords } from '../builds/records.ts';

export { alive };

export function stackDirs(base = tmpdir()): string[] {
  return readdirSync(base)
    .filter((d) => d.startsWith('botserver-test-'))
    .map((d) => join(base, d));
}

/** Polls until `cond` holds or `ms` pass; returns whether it held. */
export async function eventually(cond: () => boolean | Promise<boolean>, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return true;
    await delay(50);
  }
  return cond();
}

/** Every pid a state.json recorded (services, platform, watchdog). */
export function pidsOf(state: { services: Record<string, { pid?: number }>; watchdogPid?: number }): number[] {
  return [...Object.values(state.services).map((s) => s.pid), state.watchdogPid].filter(
    (p): p is number => typeof p === 'number',
  );
}

/** Ports this machine listens on with their address, from /proc/net/tcp{,6}. */
export function listeningSockets(): { address: string; port: number }[] {
  const out: { address: string; port: number }[] = [];
  for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(f)) continue;
    for (const line of readFileSync(f, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols[3] !== '0A') continue;
      const [hex, port] = cols[1]!.split(':') as [string, string];
      let address: string;
      if (hex.length === 8) address = [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');
      else
        address =
          hex === '00000000000000000000000000000000' ? '::' : hex === '00000000000000000000000001000000' ? '::1' : hex;
      out.push({ address, port: parseInt(port, 16) });
    }
  }
  return out;
}

/**
 * A temp base of this test's own (0711, so that PostgreSQL's user can reach a stack dir inside it): tests run in
 * parallel, so "no stack dir left" is checked where only this test creates them (TMPDIR / tmpBase).
 */
export function isolatedTmp(): string {
  const dir = tempDir('e2e-test-');
  chmodSync(dir, 0o711);
  return dir;
}

/** A temp dir of this test file's own (`<prefix>XXXXXX` in TMPDIR), removed when the file's process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The recorded real-build traffic, kept in the repository (recorded/README.md). */
export const RECORDED = join(ROOT, 'recorded');

/**
 * Every recorded real build (builds/*.json but `intended`), with `skip`: false when `recorded/<name>/<file>` exists,
 * else the reason a test on that recording is skipped. A new build record is picked up here with no other change.
 */
export function recordedBuilds(file: string): { name: string; title: string; skip: false | string }[] {
  return realBuildRecords().map((r) => ({
    name: r.name,
    title: r.title,
    skip: existsSync(join(RECORDED, r.name, file))
      ? false
      : `no recorded/${r.name}/${file}: capture that build's traffic (recorded/README.md)`,
  }));
}

/** One recorded file of a build (a build record's name), a JSON value per line. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded traffic is read field by field by each test, as recorded
export function readRecorded(build: string, file: string): Record<string, any>[] {
  return readFileSync(join(RECORDED, build, file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/**
 * Pids of live processes (zombies left out) whose command line or working dir mentions `dir` (what a stack in that
 * dir started); with `environ`, also those whose environment does (initdb's children get PGDATA).
 */
export function processesOf(dir: string, { environ = false } = {}): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      let cwd = '';
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        /* not ours to read */
      }
      const mentions =
        cmd.includes(dir) ||
        cwd.startsWith(dir) ||
        (environ && readFileSync(`/proc/${entry}/environ`, 'utf8').includes(dir));
      if (mentions && alive(Number(entry))) found.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return found;
}

/** This process's environment without `keys` (the settings that choose a build, a provider or a stack of the
 * caller's), for a child run that must start from the project's defaults. */
export function envWithout(keys: string[]): NodeJS.ProcessEnv {
  const clean = { ...process.env };
  for (const k of keys) delete clean[k];
  return clean;
}

const PW = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');

/**
 * Folders of its own for a suite run beside others (other test files, and .ci/run's suite legs beside the proofs),
 * which would otherwise share (and clean, as a run does at its start) the project's test-results/ and
 * playwright-report/ under each other's traces: `results` for `--output`, `report` for PLAYWRIGHT_HTML_OUTPUT_DIR,
 * both inside `dir` (a fresh temp dir the caller removes).
 */
export function ownRunFolders(): { dir: string; results: string; report: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pw-output-'));
  return { dir, results: join(dir, 'results'), report: join(dir, 'report') };
}

/**
 * E2E_WORKERS for a suite run of a few tests that go red by waiting out their checks' deadlines (and second looks):
 * they wait rather than work, so they wait side by side, each on a worker of its own. Measured on an idle 2-core
 * machine: the six red chat tests of a page that never sends its message took 67 s on 2 workers and 27 s on 6, 15
 * CPU seconds either way. A proof file run alone gains; `npm run test:proofs`, whose three files at a time already
 * keep both cores busy, does not (docs/benchmarks.md). Not for a run of many tests, or of tests that pass (those
 * work: 2 workers).
 */
export const WAITING_WORKERS = '6';

/**
 * Runs the Playwright suite with `args` on a fresh local stack (one worker, no retries, the line reporter unless
 * `configuredReporters`: then the config's own) with `env` added to a clean environment; resolves with its exit
 * code and everything it printed.
 */
export function runSuite(
  args: string[],
  env: Record<string, string>,
  configuredReporters = false,
): Promise<{ code: number | null; out: string }> {
  const clean = envWithout([
    'BOTSERVER_URL',
    'BOTSERVER_BIN',
    'BOTUI_BIN',
    'CI',
    'E2E_STACK',
    'REFERENCE_PROFILE',
    'REFERENCE_MUTATIONS',
  ]);
  // Folders of its own (a config of its own, `-c`, sets its own outputDir and report folders).
  const output = ownRunFolders();
  const ownConfig = args.includes('-c') || args.includes('--config');
  // No trace (recording one costs CPU in every test, and these runs are read by their output), unless a config of
  // its own says otherwise.
  const child = spawn(
    process.execPath,
    [
      PW,
      'test',
      ...(configuredReporters ? [] : ['--reporter=line']),
      '--retries=0',
      ...(ownConfig ? [] : ['--output', output.results, '--trace', 'off']),
      ...args,
    ],
    {
      cwd: ROOT,
      env: {
        ...clean,
        STACK_PROVIDER: 'local',
        E2E_WORKERS: '1',
        ...(ownConfig ? {} : { PLAYWRIGHT_HTML_OUTPUT_DIR: output.report }),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      rmSync(output.dir, { recursive: true, force: true });
      resolve({ code, out });
    }),
  );
}

/**
 * Asserts that a suite run's output (runSuite's `out`) matches `re`. When it does not, the AssertionError names the
 * pattern and then what the run said of its failures: each `Error:` line with the two lines after it, and the counts
 * (`N failed`, `N passed`), at most 4,000 characters; or, when the run named no error, its last 2,000 characters.
 */
export function assertRunShows(out: string, re: RegExp): void {
  if (re.test(out)) return;
  const lines = out.split('\n');
  const picked: string[] = [];
  lines.forEach((l, i) => {
    if (/^\s*Error:/.test(l)) picked.push(...lines.slice(i, i + 3));
    else if (/^\s*\d+ (failed|passed|skipped|flaky)\b/.test(l)) picked.push(l);
  });
  const said = picked.length
    ? `the run's failures:\n${picked.join('\n').slice(0, 4000)}`
    : `the run named no error; its end:\n${out.slice(-2000)}`;
  assert.fail(`the run's output does not match ${re}\n${said}`);
}
