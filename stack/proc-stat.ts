/**
 * The fields of /proc/<pid>/stat after the command name (Linux), or null when the process is gone or not
 * readable. Index 0 is the state (`Z` for a zombie), 1 the parent pid, 11/12 user/system CPU ticks, 19 the start
 * time (which tells a process from a later one reusing its pid).
 */
import { readFileSync } from 'node:fs';

export function procStat(pid: number): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}
