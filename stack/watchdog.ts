/**
 * The stack's reaper. Started detached by the stack's owner, it outlives a SIGKILLed owner: when the owner
 * process is gone and the stack was not stopped, it kills every process group the stack recorded, removes the
 * containers labelled with the stack's id, and removes the temp dir (kept when KEEP_TEMP_STACK_ON_ERROR or
 * KEEP_TEMP_STACK asked for it). It exits by itself once the stack is stopped or its dir is gone.
 *   node stack/watchdog.ts <owner pid> <state.json>
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { processAlive as alive } from './process-alive.ts';
import { setTimeout as delay } from 'node:timers/promises';
import type { StackState } from './state-file.ts';
import { removeLabelledContainers } from './container-reaper.ts';
import { releasePorts } from './port-claims.ts';

const ownerPid = Number(process.argv[2]);
const stateFile = process.argv[3]!;
const POLL_MS = 250;

function readStateOrNull(): StackState | null {
  try {
    return JSON.parse(readFileSync(stateFile, 'utf8')) as StackState;
  } catch {
    return null;
  }
}

function killGroups(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(-pid, signal);
    } catch {
      /* gone */
    }
  }
}

async function reap(state: StackState): Promise<void> {
  console.log(`${new Date().toISOString()} owner ${ownerPid} is gone while the stack was ${state.status}: cleaning up`);
  const pids = Object.values(state.services).map((s) => s.pid).filter((p): p is number => typeof p === 'number');
  killGroups(pids, 'SIGTERM');
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline && pids.some(alive)) await delay(50);
  killGroups(pids, 'SIGKILL');
  if (state.provider === 'containers') {
    await removeLabelledContainers(state.id).catch((e) => console.log(`could not remove containers: ${(e as Error).message}`));
  }
  releasePorts(state.id);
  if (state.keepAlways || state.keepOnError) {
    console.log(`kept ${state.dir} (KEEP_TEMP_STACK${state.keepAlways ? '' : '_ON_ERROR'})`);
  } else {
    rmSync(state.dir, { recursive: true, force: true });
  }
}

for (;;) {
  const state = readStateOrNull();
  if (!existsSync(stateFile) || !state || state.status === 'stopped') process.exit(0);
  if (!alive(ownerPid)) {
    await reap(state);
    process.exit(0);
  }
  await delay(POLL_MS);
}
