/**
 * Bot slots: bots whose buckets exist before the platform starts, for builds that discover bots at start only
 * (PRE: no periodic bucket scan, caveat newBotNotDiscovered). A test claims a free slot (an exclusive file in the
 * stack's work area, safe across workers), deploys its package under the slot's name (the bucket's dialogs and
 * config replaced, then waited for), and releases it at its end. Builds that take up new buckets while running get a
 * new bot per test instead (fixtures/bot-test.ts).
 */
import { mkdirSync, openSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { uploadBot, type DeployTarget } from './bot-deploy.ts';

/** Enough for the suite's workers (a bot test holds one slot at a time) with room for a bot author's few. */
export const BOT_SLOTS = Array.from({ length: 6 }, (_, i) => `e2eslot${i + 1}`);

/** Creates the slots' buckets with a config.csv (the stack's LLM rows): before the platform starts. */
export async function seedBotSlots(target: DeployTarget): Promise<void> {
  for (const name of BOT_SLOTS) {
    await uploadBot(target, { name, dir: `(bot slot ${name})`, files: [{ key: `${name}.gbot/config.csv`, body: Buffer.from('') }] });
  }
}

function claimDir(target: DeployTarget): string {
  const dir = join(target.workPath, '..', 'e2e-bot-slot-claims');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Claims a free slot within `deadlineMs` (polling while every slot is held by another test); returns its name
 * and its release. Throws naming the slots when none frees up.
 */
export async function claimBotSlot(target: DeployTarget, deadlineMs: number): Promise<{ name: string; release: () => void }> {
  const dir = claimDir(target);
  const end = Date.now() + deadlineMs;
  for (;;) {
    for (const name of BOT_SLOTS) {
      const file = join(dir, name);
      try {
        closeSync(openSync(file, 'wx'));
        return { name, release: () => rmSync(file, { force: true }) };
      } catch { /* held by another test */ }
    }
    if (Date.now() > end) throw new Error(`no free bot slot within ${Math.round(deadlineMs / 1000)} s: all of ${BOT_SLOTS.join(', ')} are held (${dir})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
