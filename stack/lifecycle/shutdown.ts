/**
 * The stack's shutdown: everything it started stopped in reverse (the platform first, it holds connections to the
 * services), graceful then forced; what was still starting stopped by its record; labelled containers, port claims,
 * folders outside the temp dir and the exports file removed; the temp dir removed unless kept. And the last resort
 * on process exit (synchronous), and the reaping of stacks whose owner and watchdog are gone.
 */
import { existsSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { releasePorts } from '../port-claims.ts';
import { stopRecorded } from '../process-ledger.ts';
import { describeRemoved, forgetStack, reapAbandoned, reapStackSync, removeEnvFile } from '../stack-records.ts';
import { removeLabelledContainers } from '../container-reaper.ts';
import { leftAside, removeDirWhole } from '../dir-removal.ts';
import { writeStateSync } from '../state-file.ts';
import type { StackConfig } from '../config.ts';
import type { StackLedger } from './ledger.ts';

/** Something the stack started, by name (a service's stop: stack/services/). */
export interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

/** What shutdown needs of the stack. */
export interface ShutdownParts {
  ledger: StackLedger;
  config: StackConfig;
  dir: string;
  /** Everything started, in start order. */
  started: Stoppable[];
  /** The platform's names: it and botui are stopped first. */
  platformSide: string[];
  /** The bring-up, settled before the last stops (a shutdown during start-up lets what is starting fail fast). */
  ready: Promise<void> | undefined;
  log: (line: string) => void;
}

/**
 * Stops everything (see the file's header). `failed`: a test or the start failed (KEEP_TEMP_STACK_ON_ERROR keeps the
 * dir then). Resolves once the dir is gone (or kept) and the stack's record forgotten; never throws.
 */
export async function shutDown(p: ShutdownParts, failed: boolean): Promise<void> {
  const t0 = Date.now();
  const state = p.ledger.state;
  state.status = 'stopping';
  await p.ledger.saveAnyway();
  p.ledger.stopping = true;
  const platform = p.started.filter((s) => p.platformSide.includes(s.name));
  for (const s of [...platform].reverse()) await s.stop().catch(() => undefined);
  await Promise.all(p.started.filter((s) => !platform.includes(s)).map((s) => s.stop().catch(() => undefined)));
  // A shutdown during start-up (a signal, a failure elsewhere): what is still starting (a service waiting to be
  // ready, the pristine cluster's builder) is stopped by its record, so start-up fails fast; then let it settle.
  await stopRecorded(state.processes ?? [], 2000);
  const settle = new Promise((r) => setTimeout(r, 15_000).unref());
  await Promise.race([p.ready?.catch(() => undefined), settle]);
  await Promise.all(p.started.map((s) => s.stop().catch(() => undefined)));
  await stopRecorded(state.processes ?? [], 1000);
  if (state.provider === 'containers') await removeLabelledContainers(state.id).catch(() => undefined);
  releasePorts(state.id);
  for (const d of state.extraDirs ?? []) await rm(d, { recursive: true, force: true }).catch(() => undefined);
  removeEnvFile(state);
  state.timings.teardown = Date.now() - t0;
  state.status = 'stopped';
  const keep = p.config.keepAlways || (failed && p.config.keepOnError);
  if (keep) {
    await p.ledger.saveAnyway();
    p.log(`kept the temp dir ${p.dir} (${p.config.keepAlways ? 'KEEP_TEMP_STACK' : 'KEEP_TEMP_STACK_ON_ERROR'})`);
  } else {
    await removeDirWhole(p.dir);
  }
  forgetStack(state.recordFile);
  p.log(`stopped in ${state.timings.teardown} ms`);
}

/** Last resort on process exit: SIGKILL every process the stack recorded, by pid and start time (synchronous). */
export function killAllSync(ledger: StackLedger, config: StackConfig, dir: string, stateFile: string): void {
  const state = ledger.state;
  const keep = config.keepOnError || config.keepAlways;
  // Stopped, but the exit came while its dir was being removed (renamed aside, not yet gone): finish that. Only what
  // was renamed aside: a dir still in place was kept (KEEP_TEMP_STACK_ON_ERROR after a failure, KEEP_TEMP_STACK).
  if (state.status === 'stopped') {
    for (const d of leftAside(dir)) {
      try {
        rmSync(d, { recursive: true, force: true });
      } catch {
        /* best effort, on exit */
      }
    }
    return;
  }
  // Containers cannot be removed synchronously: the watchdog reaps them (and the dir) once this process is gone.
  const containers = state.provider === 'containers';
  reapStackSync(state, !keep && !containers);
  if (containers) return;
  state.status = 'stopped';
  try {
    if (keep && existsSync(dir)) writeStateSync(stateFile, state);
  } catch {
    /* best effort */
  }
  forgetStack(state.recordFile);
}

/** Reaps the machine's abandoned stacks (owner and watchdog gone) and says in one line what it removed. */
export async function reapAbandonedStacks(recordsDir: string, log: (line: string) => void): Promise<void> {
  const { stacks, removed } = await reapAbandoned(recordsDir);
  if (!stacks.length) return;
  const one = stacks.length === 1;
  log(
    `removed what ${stacks.length} abandoned stack${one ? '' : 's'} left (${one ? 'its owner and watchdog are' : 'their owners and watchdogs are'} gone): ${describeRemoved(removed)} (${stacks.join(', ')})`,
  );
}
