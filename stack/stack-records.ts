/**
 * Every running stack on this machine, recorded in one folder (`STACK_RECORDS_DIR`, its default in
 * stack/config.ts) from the moment its temp dir exists until it has stopped: `<stack id>.json` names its
 * owner (pid and start time) and its state.json. A stack whose owner and watchdog are both gone (both SIGKILLed,
 * as a container or CI runner teardown does) is reaped by the next start on the machine (`reapAbandoned`): its
 * recorded processes (by pid and start time), its labelled containers, its port claims, its temp dir (unless
 * kept), its other folders (a pristine PostgreSQL cluster it was building) and its env file.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { releasePorts } from './port-claims.ts';
import { leftAside, removeDirWholeSync } from './dir-removal.ts';
import { startTime, stillRunning, stopRecorded, signalRecorded } from './process-ledger.ts';
import { writeStateSync, type StackState } from './state-file.ts';

interface StackRecord {
  id: string;
  dir: string;
  stateFile: string;
  ownerPid: number;
  ownerStart: string;
}

/** Records a stack that is starting (its owner is this process). Returns the record's path. */
export function recordStack(recordsDir: string, s: { id: string; dir: string; stateFile: string }): string {
  mkdirSync(recordsDir, { recursive: true, mode: 0o1777 });
  const file = join(recordsDir, `${s.id}.json`);
  const rec: StackRecord = { ...s, ownerPid: process.pid, ownerStart: startTime(process.pid) ?? '' };
  writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify(rec), { mode: 0o644 });
  renameSync(`${file}.${process.pid}.tmp`, file);
  return file;
}

/** Removes a stack's record once nothing of it is left to clean up (synchronous: also called on process exit). */
export function forgetStack(recordFile: string | undefined): void {
  if (recordFile) rmSync(recordFile, { force: true });
}

/** Removes the env file the CLI wrote (`--exports-file`), when it still holds this stack's exports. */
export function removeEnvFile(state: Pick<StackState, 'envFile' | 'dir'>): boolean {
  if (!state.envFile) return false;
  try {
    if (!readFileSync(state.envFile, 'utf8').includes(`BOTSERVER_TEMP_STACK_DIR='${state.dir}'`)) return false;
    rmSync(state.envFile, { force: true });
    return true;
  } catch {
    return false;
  }
}

/** What a cleanup removed, for the one line that says so. */
export interface Removed {
  processes: number;
  dirs: number;
  keptDirs: string[];
  claims: number;
  containers: number;
  envFiles: number;
}

export const nothingRemoved = (): Removed => ({
  processes: 0,
  dirs: 0,
  keptDirs: [],
  claims: 0,
  containers: 0,
  envFiles: 0,
});

function add(a: Removed, b: Removed): Removed {
  return {
    processes: a.processes + b.processes,
    dirs: a.dirs + b.dirs,
    keptDirs: [...a.keptDirs, ...b.keptDirs],
    claims: a.claims + b.claims,
    containers: a.containers + b.containers,
    envFiles: a.envFiles + b.envFiles,
  };
}

export function describeRemoved(r: Removed): string {
  const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;
  return [
    n(r.processes, 'process', 'processes'),
    n(r.dirs, 'folder'),
    n(r.claims, 'port claim'),
    n(r.containers, 'container'),
    ...(r.envFiles ? [n(r.envFiles, 'env file')] : []),
    ...(r.keptDirs.length ? [`kept ${r.keptDirs.join(', ')} as KEEP_TEMP_STACK(_ON_ERROR) asked`] : []),
  ].join(', ');
}

/**
 * Cleans up after a stack whose owner is gone (the watchdog, or the next start): stops its recorded processes,
 * removes its labelled containers, releases its port claims, removes its other folders and env file, and its temp
 * dir unless KEEP_TEMP_STACK(_ON_ERROR) asked to keep it (then state.json says `stopped`). Forgets its record.
 */
export async function reapStack(state: StackState): Promise<Removed> {
  const removed = nothingRemoved();
  removed.processes = await stopRecorded(state.processes ?? []);
  if (state.provider === 'containers') {
    const { removeLabelledContainers } = await import('./container-reaper.ts');
    removed.containers = await removeLabelledContainers(state.id).catch(() => 0);
  }
  removed.claims = releasePorts(state.id);
  removed.dirs += removeDirs(state.extraDirs ?? []);
  if (removeEnvFile(state)) removed.envFiles++;
  if (state.keepAlways || state.keepOnError) {
    state.status = 'stopped';
    try {
      writeStateSync(join(state.dir, 'state.json'), state);
    } catch {
      /* the dir is gone */
    }
    if (existsSync(state.dir)) removed.keptDirs.push(state.dir);
  } else {
    removed.dirs += removeDirs([state.dir]);
  }
  forgetStack(state.recordFile);
  return removed;
}

/** The synchronous part of a cleanup, for an exit handler: SIGKILL of every recorded group, claims, folders. */
export function reapStackSync(state: StackState, removeDir: boolean): void {
  signalRecorded(state.processes ?? [], 'SIGKILL');
  releasePorts(state.id);
  removeDirs(state.extraDirs ?? []);
  removeEnvFile(state);
  if (removeDir) removeDirs([state.dir]);
}

function removeDirs(dirs: string[]): number {
  let n = 0;
  for (const d of dirs) {
    if (!existsSync(d) && !leftAside(d).length) continue;
    try {
      removeDirWholeSync(d);
      n++;
    } catch {
      /* best effort */
    }
  }
  return n;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/**
 * Reaps every recorded stack whose owner and watchdog are both gone (by pid and start time: a reused pid is never
 * taken for them). Returns what it removed and the stacks' ids; two starts at once never reap the same stack (the
 * record is taken by an atomic rename first).
 */
export async function reapAbandoned(recordsDir: string): Promise<{ stacks: string[]; removed: Removed }> {
  let removed = nothingRemoved();
  const stacks: string[] = [];
  let names: string[];
  try {
    names = readdirSync(recordsDir).filter((n) => n.endsWith('.json'));
  } catch {
    return { stacks, removed };
  }
  for (const name of names) {
    const file = join(recordsDir, name);
    const rec = readJson<StackRecord>(file);
    if (!rec || stillRunning({ pid: rec.ownerPid, start: rec.ownerStart })) continue;
    const state = readJson<StackState>(rec.stateFile);
    if (state?.watchdogPid && stillRunning({ pid: state.watchdogPid, start: state.watchdogStart })) continue;
    const taken = `${file}.reaping-${process.pid}`;
    try {
      renameSync(file, taken);
    } catch {
      continue; // another start took it
    }
    if (state && state.status !== 'stopped') {
      removed = add(removed, await reapStack({ ...state, recordFile: taken }));
    } else {
      removed.claims += releasePorts(rec.id);
      if (!state && basename(rec.dir).startsWith('botserver-test-')) removed.dirs += removeDirs([rec.dir]);
    }
    rmSync(taken, { force: true });
    stacks.push(rec.id);
  }
  return { stacks, removed };
}
