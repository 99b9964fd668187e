import { setTimeout as delay } from 'node:timers/promises';
import { ServiceStartError } from './errors.ts';
import { logTail } from './log-tail.ts';
import type { ManagedProcess } from './managed-process.ts';

export interface WaitOptions {
  service: string;
  deadlineMs: number;
  logFile?: string;
  /** Fail at once when this process exits before the check passes. */
  process?: ManagedProcess;
  intervalMs?: number;
  /** What is being waited for, for the error message, e.g. "SELECT 1". */
  what: string;
}

/**
 * Polls `check` until it resolves, with a deadline. A process that exits first fails the wait at once, with its
 * exit status and the end of its log; a deadline that passes names the service, the deadline and the last error.
 */
export async function waitUntilReady<T>(check: () => Promise<T>, opts: WaitOptions): Promise<T> {
  const start = Date.now();
  let interval = opts.intervalMs ?? 25;
  let lastError: string;
  for (;;) {
    if (opts.process && !opts.process.running) {
      throw new ServiceStartError(
        opts.service,
        `the process ${opts.process.describeExit()} before ${opts.what} succeeded`,
        opts.logFile,
        await logTail(opts.logFile ?? ''),
      );
    }
    try {
      return await check();
    } catch (e) {
      lastError = (e as Error).message || String(e);
    }
    if (Date.now() - start > opts.deadlineMs) {
      throw new ServiceStartError(
        opts.service,
        `${opts.what} did not succeed within ${Math.round(opts.deadlineMs / 1000)} s (last error: ${lastError})`,
        opts.logFile,
        await logTail(opts.logFile ?? ''),
      );
    }
    const wait = opts.process ? Promise.race([delay(interval), opts.process.exited]) : delay(interval);
    await wait;
    interval = Math.min(interval * 2, 250);
  }
}
