/**
 * The stack's reaper. Started detached by the stack's owner, it outlives a SIGKILLed owner: when the owner process
 * is gone (by pid and start time) and the stack was not stopped, it stops every process the stack recorded, removes
 * the containers labelled with the stack's id, releases its port claims, removes its other folders and env file,
 * and its temp dir (kept when KEEP_TEMP_STACK_ON_ERROR or KEEP_TEMP_STACK asked for it). It enforces the stack's
 * timeout (TEMP_STACK_TIMEOUT / --timeout) the same way should the owner not act on it (hung, stopped). It exits by
 * itself once the stack is stopped or its dir is gone — a dir renamed aside for removal (stack/dir-removal.ts) once
 * the owner has removed it, or, when the owner dies first (SIGKILL mid-removal), once it removed it itself. Should
 * it die with its owner, the next start on the machine reaps the stack (stack/stack-records.ts).
 *   node stack/watchdog.ts <owner pid> <state.json>
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { StackState } from './state-file.ts';
import { stillRunning } from './process-ledger.ts';
import { processAlive } from './process-alive.ts';
import { describeRemoved, reapStack } from './stack-records.ts';
import { leftAside } from './dir-removal.ts';

const ownerPid = Number(process.argv[2]);
const stateFile = process.argv[3]!;
const POLL_MS = 250;
/** How long past its timeout the owner has to stop the stack itself (longer once it says it is stopping). */
const TIMEOUT_GRACE_MS = 5000;
const STOPPING_GRACE_MS = 30_000;
/** How long the owner has to finish removing a dir it renamed aside before the watchdog removes it itself. */
const ASIDE_GRACE_MS = 30_000;

function readStateOrNull(): StackState | null {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as StackState;
  } catch {
    return null;
  }
}

function ownerAlive(state: StackState): boolean {
  return state.ownerStart ? stillRunning({ pid: ownerPid, start: state.ownerStart }) : processAlive(ownerPid);
}

function timedOut(state: StackState): boolean {
  if (!state.timeoutAt) return false;
  const late = Date.now() - state.timeoutAt;
  return state.status === 'stopping' ? late > STOPPING_GRACE_MS : late > TIMEOUT_GRACE_MS;
}

async function reap(state: StackState, why: string): Promise<void> {
  console.log(`${new Date().toISOString()} ${why} while the stack was ${state.status}: cleaning up`);
  const removed = await reapStack(state);
  console.log(`${new Date().toISOString()} removed ${describeRemoved(removed)}`);
}

/**
 * The dir was renamed aside to be removed (its state.json went with it): waits while the owner (as last seen) still
 * runs and removes it, at most ASIDE_GRACE_MS, then removes what is left aside itself.
 */
async function finishRemoval(last: StackState | null): Promise<void> {
  const dir = dirname(stateFile);
  const deadline = Date.now() + ASIDE_GRACE_MS;
  const owner = () => (last ? ownerAlive(last) : processAlive(ownerPid));
  while (leftAside(dir).length && owner() && Date.now() < deadline) await delay(POLL_MS);
  for (const d of leftAside(dir)) {
    try {
      rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
      console.log(`${new Date().toISOString()} removed ${d}: the owner renamed it aside to remove it and is gone`);
    } catch {
      /* the next start's reaper */
    }
  }
}

let last: StackState | null = null;
for (;;) {
  const state = readStateOrNull();
  if (!existsSync(stateFile)) {
    await finishRemoval(last);
    process.exit(0);
  }
  if (!state || state.status === 'stopped') process.exit(0);
  last = state;
  if (!ownerAlive(state)) {
    await reap(state, `owner ${ownerPid} is gone`);
    process.exit(0);
  }
  if (timedOut(state)) {
    await reap(
      state,
      `the stack's timeout passed ${Math.round((Date.now() - state.timeoutAt!) / 1000)} s ago and owner ${ownerPid} did not stop it`,
    );
    process.exit(0);
  }
  await delay(POLL_MS);
}
