/**
 * A process's resource use from /proc while a bench level runs: peak resident memory (sampled every 100 ms) and
 * CPU seconds (user + system, the difference between start and stop). Linux only; returns nulls elsewhere or for
 * a process that is not ours to read.
 */
import { readFileSync } from 'node:fs';
import { procStat } from '../../stack/proc-stat.ts';

const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) on Linux

function cpuTicks(pid: number): number | null {
  const f = procStat(pid);
  return f ? Number(f[11]) + Number(f[12]) : null;
}

function rssKiB(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

export interface ProcUsage {
  peakRssMiB: number | null;
  cpuSeconds: number | null;
}

export function sampleProcess(pid: number | undefined): { stop(): ProcUsage } {
  if (!pid) return { stop: () => ({ peakRssMiB: null, cpuSeconds: null }) };
  const startTicks = cpuTicks(pid);
  let peak = rssKiB(pid) ?? 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, rssKiB(pid) ?? 0);
  }, 100);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, rssKiB(pid) ?? 0);
      const end = cpuTicks(pid);
      return {
        peakRssMiB: peak ? Math.round(peak / 102.4) / 10 : null,
        cpuSeconds: startTicks === null || end === null ? null : (end - startTicks) / CLOCK_TICKS,
      };
    },
  };
}
