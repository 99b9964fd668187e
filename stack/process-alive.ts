import { readFileSync } from 'node:fs';

/** Whether a process runs: it exists and is not a zombie (a zombie has exited; kill(pid, 0) still succeeds on it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}
