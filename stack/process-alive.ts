import { procStat } from './proc-stat.ts';

/** Whether a process runs: it exists and is not a zombie (a zombie has exited; kill(pid, 0) still succeeds on it). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  return procStat(pid)?.[0] !== 'Z';
}
