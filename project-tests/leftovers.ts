/** Helpers of the tests that check what a stack leaves behind: the CLI as a child, and what of a stack is still there. */
import { after } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLAIMS_DIR } from '../stack/port-claims.ts';
import { stillRunning } from '../stack/process-ledger.ts';
import type { StackState } from '../stack/state-file.ts';
import { CLI, envWithout, processesOf } from './helpers.ts';

export interface Cli {
  pid: number;
  stderr: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** The CLIs the tests of this file started: a test that fails half-way leaves none running (nor its stack, which the
 * CLI stops on SIGTERM), and the file's process can end. */
const started: ChildProcess[] = [];
after(() => stopStarted(started));

/** SIGTERM to every child that still runs. */
export function stopStarted(children: ChildProcess[]): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
}

export function startCli(args: string[], env: Record<string, string>): Cli {
  const clean = envWithout([
    'BOTSERVER_URL',
    'BOTSERVER_BIN',
    'BOTUI_BIN',
    'TEMP_STACK_TIMEOUT',
    'KEEP_TEMP_STACK',
    'KEEP_TEMP_STACK_ON_ERROR',
  ]);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...clean, STACK_PROVIDER: 'local', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  started.push(child);
  return {
    pid: child.pid!,
    stderr: () => err,
    exited: new Promise((r) => child.on('exit', (c) => r(c))),
    kill: (s) => child.kill(s),
  };
}

export const stackDirOf = (stderr: string) => /\[stack\] temp dir (\S+)/.exec(stderr)?.[1];
export const readStateOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as StackState;
export const claimsOf = (id: string) =>
  (existsSync(CLAIMS_DIR) ? readdirSync(CLAIMS_DIR) : []).filter((p) => {
    try {
      return readFileSync(join(CLAIMS_DIR, p), 'utf8').includes(id);
    } catch {
      return false;
    }
  });

/** What of a stack is still there: running recorded processes (pid and start time), processes in its dir, its dir, its claims. */
export function leftOf(state: StackState): string[] {
  const left: string[] = [];
  const running = (state.processes ?? []).filter((p) => stillRunning(p));
  if (running.length) left.push(`processes ${running.map((p) => `${p.name}:${p.pid}`).join(' ')}`);
  if (processesOf(state.dir).length) left.push(`processes in its dir ${processesOf(state.dir).join(' ')}`);
  if (existsSync(state.dir)) left.push(`its dir ${state.dir}`);
  if (claimsOf(state.id).length) left.push(`port claims ${claimsOf(state.id).join(' ')}`);
  for (const d of state.extraDirs ?? []) if (existsSync(d)) left.push(`folder ${d}`);
  return left;
}

/** Processes whose command line, working dir or environment (initdb's children get PGDATA) mention `dir`. */
export const processesMentioning = (dir: string): number[] => processesOf(dir, { environ: true });

/** The `.building-…` folders of a pristine-cluster folder (PG_TEMPLATE_DIR). */
export const building = (tpl: string) =>
  existsSync(tpl) ? readdirSync(tpl).filter((d) => d.includes('.building-')) : [];
