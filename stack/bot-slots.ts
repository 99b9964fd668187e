/**
 * Bot slots: bots whose buckets exist when the platform starts, for builds that discover bots at start only
 * (PRE: no periodic bucket scan, caveat newBotNotDiscovered). The stack creates them once the build probe says the
 * build is such a one, then restarts the platform (TemporaryStack.addBotSlotsIfNeeded). A deploy claims an unused slot (an exclusive file
 * in the stack's work area, safe across workers) and deploys its package under the slot's name. A slot is used
 * once: PRE compiles a *changed* dialog from the work dir's previous copy when its compiler runs before the monitor
 * has downloaded the new one (measured 2026-11-30: the `.ast` kept the previous dialog), while a slot's first dialog
 * is downloaded by the compiler itself. Builds that take up new buckets while running get a new bot per deploy
 * instead (fixtures/bot-test.ts).
 */
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { uploadBot, type DeployTarget } from './bot-deploy.ts';

/** One per bot deploy of the suite's bot specs on such a build (the desktop and phone projects: about 28 on
 * 2026-12-07, the knowledge-base and recording specs included), with room for CI's retries and a bot author's few
 * (24 ran out under the pre profile in CI once those specs came). */
export const BOT_SLOTS = Array.from({ length: 40 }, (_, i) => `e2eslot${i + 1}`);

/** Creates the slots' buckets with a config.csv (the stack's LLM rows): before the platform starts. */
export async function seedBotSlots(target: DeployTarget): Promise<void> {
  for (const name of BOT_SLOTS) {
    await uploadBot(target, {
      name,
      dir: `(bot slot ${name})`,
      files: [{ key: `${name}.gbot/config.csv`, body: Buffer.from('') }],
    });
  }
}

function claimDir(target: DeployTarget): string {
  const dir = join(target.workPath, '..', 'e2e-bot-slot-claims');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Claims an unused slot for good; returns its name. Throws naming the slots when every one is used. */
export function claimBotSlot(target: DeployTarget): string {
  const dir = claimDir(target);
  for (const name of BOT_SLOTS) {
    try {
      closeSync(openSync(join(dir, name), 'wx'));
      return name;
    } catch {
      /* used by another deploy */
    }
  }
  throw new Error(
    `every bot slot (${BOT_SLOTS[0]}…${BOT_SLOTS.at(-1)}) is used: this build finds bots at start only, and this stack was started with ${BOT_SLOTS.length}; start a new stack (or raise BOT_SLOTS in stack/bot-slots.ts)`,
  );
}
