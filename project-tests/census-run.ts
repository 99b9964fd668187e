/**
 * Runs `npm run bots:census` (scripts/bots-census.ts) as a user does, for the census's project tests: on the local
 * provider and the intended reference platform unless `env` says otherwise (a profile, a seeded mutation), with no
 * build or bot package of the caller's environment leaking in.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, envWithout } from './helpers.ts';

const CENSUS = join(ROOT, 'scripts', 'bots-census.ts');

/** The census with `args` and `env` on top of a clean environment: its exit code, stdout, stderr and ms. Never
 * rejects: a census that fails is an exit code. */
export function runCensus(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string; err: string; ms: number }> {
  const clean = envWithout([
    'BOTSERVER_URL',
    'BOTSERVER_BIN',
    'BOTUI_BIN',
    'REFERENCE_PROFILE',
    'REFERENCE_MUTATIONS',
    'E2E_BOT_PACKAGES',
    'E2E_CONVERSATIONS',
  ]);
  const t0 = Date.now();
  const child = spawn(process.execPath, [CENSUS, ...args], {
    cwd: ROOT,
    env: { ...clean, STACK_PROVIDER: 'local', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out, err, ms: Date.now() - t0 })));
}
