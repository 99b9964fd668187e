/**
 * The processes a stack started, each recorded with its start time (the 22nd field of /proc/<pid>/stat, in clock
 * ticks since boot) the moment it starts. Whoever cleans up later — the stack's own shutdown, its exit handler, its
 * watchdog, or the next start on the machine — signals exactly those processes and what they left in their process
 * groups, never a later process that happens to reuse a pid. Linux (/proc).
 */
import { readdirSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { procStat } from './proc-stat.ts';

/** One process a stack started: what it is (a service's name, or e.g. `postgres-template-initdb`), its pid and start. */
export interface ProcessRecord {
  name: string;
  pid: number;
  /** /proc start time in clock ticks; '' when the process had already exited when it was recorded. */
  start: string;
}

/** The start time of a running process (clock ticks since boot), or undefined when it is gone. */
export function startTime(pid: number): string | undefined {
  return procStat(pid)?.[19];
}

/** A record of a process that has just started (read now, so that its start time is known). */
export function recordProcess(name: string, pid: number): ProcessRecord {
  return { name, pid, start: startTime(pid) ?? '' };
}

/** Whether the recorded process itself still runs: the same pid with the same start time, not a zombie. */
export function stillRunning(r: { pid: number; start?: string }): boolean {
  if (!r.start) return false;
  const s = procStat(r.pid);
  return !!s && s[19] === r.start && s[0] !== 'Z';
}

/**
 * The running processes of the recorded process's group (its pgid is its pid: the stack starts each process as a
 * group leader) that started no earlier than it: the leader while it runs, and what it left behind once it is
 * gone. Nothing when the pid now belongs to another process (a reused pid leads another group).
 */
export function groupMembers(r: ProcessRecord): number[] {
  if (!r.start) return [];
  const leader = procStat(r.pid);
  if (leader && leader[19] !== r.start) return [];
  const since = Number(r.start);
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const s = procStat(Number(entry));
    if (s && s[0] !== 'Z' && Number(s[2]) === r.pid && Number(s[19]) >= since) found.push(Number(entry));
  }
  return found;
}

/** Sends `signal` to every running process of the records' groups (synchronous). Returns how many it reached. */
export function signalRecorded(records: ProcessRecord[], signal: NodeJS.Signals): number {
  let reached = 0;
  for (const r of records) {
    for (const pid of groupMembers(r)) {
      try {
        process.kill(pid, signal);
        reached++;
      } catch {
        /* gone meanwhile */
      }
    }
  }
  return reached;
}

/** Graceful stop of whatever still runs of the records (SIGTERM, then SIGKILL after `graceMs`). Returns how many ran. */
export async function stopRecorded(records: ProcessRecord[], graceMs = 3000): Promise<number> {
  const running = records.flatMap((r) => groupMembers(r)).length;
  if (!running) return 0;
  signalRecorded(records, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && records.some((r) => groupMembers(r).length)) await delay(50);
  signalRecorded(records, 'SIGKILL');
  return running;
}
