/** The Playwright runner as a child, on the fault suite (project-tests/fault-suite) or the product suite. */
import { after } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';

export const PW = join(ROOT, 'node_modules', '@playwright', 'test', 'cli.js');
export const CONFIG = join(ROOT, 'project-tests', 'fault-suite', 'playwright.config.ts');

// A test that fails half-way leaves no runner (nor its stack) running, and the file's process can end.
const runners: ChildProcess[] = [];
after(() => runners.forEach((c) => c.exitCode === null && c.signalCode === null && c.kill('SIGTERM')));

export interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  faultDir: string;
}

export function runner(specs: string[], env: Record<string, string> = {}, config: string | null = CONFIG): Run {
  const faultDir = tempDir('fault-');
  // Its own test-results folder (inside faultDir, removed with it) unless the caller gives one: other test files
  // run suites at the same time.
  const output = specs.includes('--output') ? [] : ['--output', join(faultDir, 'test-results')];
  const args = [PW, 'test', ...(config ? ['--config', config] : []), ...output, ...specs];
  const clean = { ...process.env };
  for (const k of ['BOTSERVER_URL', 'BOTSERVER_BIN', 'CI', 'E2E_STACK']) delete clean[k];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...clean, STACK_PROVIDER: 'local', FAULT_DIR: faultDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  runners.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out, exited: new Promise((r) => child.on('close', (c) => r(c))), faultDir };
}

export const tempDirOf = (out: string) => /\[stack\] temp dir (\S+)/.exec(out)?.[1];
