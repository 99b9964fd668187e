/** The stack's watchdog (stack/watchdog.ts), a detached process that cleans up after this one however it ends, and
 * the stack's timeout, which the watchdog enforces too. */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTime } from '../process-ledger.ts';
import type { StackState } from '../state-file.ts';
import type { StackLedger } from './ledger.ts';

const WATCHDOG = fileURLToPath(new URL('../watchdog.ts', import.meta.url));

/** Starts the watchdog for this process and `stateFile`, logging to `logFile`; records its pid and start time in
 * `state` (the caller saves it). */
export function startWatchdog(state: StackState, stateFile: string, logFile: string): void {
  const fd = openSync(logFile, 'a', 0o600);
  const child = spawn(process.execPath, [WATCHDOG, String(process.pid), stateFile], {
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  child.unref();
  state.watchdogPid = child.pid;
  state.watchdogStart = child.pid ? startTime(child.pid) : undefined;
}

/** TEMP_STACK_TIMEOUT / --timeout: after `seconds` (none: no timer), logs it and calls `onTimeout`; records the
 * moment in state.json so that the watchdog enforces it too, should this process hang. Resolves to the timer once
 * state.json holds the moment (a save that fails leaves it to this process's own timer). */
export async function armTimeout(
  seconds: number | undefined,
  ledger: StackLedger,
  log: (l: string) => void,
  onTimeout: () => void,
): Promise<NodeJS.Timeout | undefined> {
  if (!seconds || ledger.stopping) return undefined;
  ledger.state.timeoutAt = Date.now() + seconds * 1000;
  await ledger.save().catch(() => undefined);
  if (ledger.stopping) return undefined; // stopped meanwhile: no timer to keep the process alive
  return setTimeout(() => {
    log(`timeout of ${seconds} s reached: shutting the stack down`);
    onTimeout();
  }, seconds * 1000);
}
