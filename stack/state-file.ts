import { writeFile, rename } from 'node:fs/promises';
import { writeFileSync, renameSync } from 'node:fs';
import type { ProcessRecord } from './process-ledger.ts';

let seq = 0;
const tmpName = (file: string) => `${file}.${process.pid}.${++seq}.tmp`;

export type StackStatus = 'starting' | 'ready' | 'stopping' | 'stopped' | 'failed';

export interface ServiceState {
  host?: string;
  port?: number;
  url?: string;
  pid?: number;
  containerId?: string;
  image?: string;
  kind?: string;
  log?: string;
  status: 'starting' | 'ready' | 'failed' | 'stopped' | 'interrupted';
  readyMs?: number;
  [extra: string]: unknown;
}

export interface StackState {
  id: string;
  dir: string;
  ownerPid: number;
  /** The owner's and the watchdog's /proc start times: a process reusing their pid is not taken for them. */
  ownerStart?: string;
  watchdogPid?: number;
  watchdogStart?: string;
  /** Every process the stack started, recorded the moment it started (stack/process-ledger.ts). */
  processes?: ProcessRecord[];
  /** Folders outside the temp dir that this stack is making (a pristine PostgreSQL cluster being built). */
  extraDirs?: string[];
  /** The exports file the CLI wrote (`--exports-file`): removed when the stack stops. */
  envFile?: string;
  /** TEMP_STACK_TIMEOUT / --timeout: when the stack must be gone (epoch ms); the watchdog enforces it too. */
  timeoutAt?: number;
  /** This stack's record in STACK_RECORDS_DIR (stack/stack-records.ts). */
  recordFile?: string;
  provider?: 'local' | 'containers';
  providerReason?: string;
  status: StackStatus;
  keepOnError: boolean;
  keepAlways: boolean;
  createdAt: string;
  error?: string;
  services: Record<string, ServiceState>;
  timings: Record<string, number>;
  /** Environment exports (credentials included): the dir is 0700 and never committed. */
  env: Record<string, string>;
}

/** Writes state.json atomically (temp file + rename) so readers never see half a file. */
export async function writeState(file: string, state: StackState): Promise<void> {
  const tmp = tmpName(file);
  await writeFile(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  await rename(tmp, file);
}

/** writeState where nothing may wait (a signal handler, the process's exit). */
export function writeStateSync(file: string, state: StackState): void {
  const tmp = tmpName(file);
  writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  renameSync(tmp, file);
}
