/**
 * Removing a stack's temp dir so that nothing written into it late survives (issue 30): a test failing while the
 * stack is torn down writes the `failed-tests` marker into the dir (fixtures/diagnostics.ts) at the moment a
 * recursive remove walks it, and the dir was left holding only that marker. The dir is first renamed aside (one
 * atomic step: from then on its path does not exist, so a late write fails with ENOENT and creates nothing), then
 * removed under its new name, with retries for what a writer that got in before the rename added meanwhile.
 * A removal cut short after the rename (its process killed meanwhile) leaves `<dir>.removing-<hex>`: every later
 * removal of the same dir (the exit handler, the watchdog, the next start's reaper) removes those too.
 */
import { readdirSync, renameSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const MARK = '.removing-';
const aside = (dir: string) => `${dir}${MARK}${randomBytes(3).toString('hex')}`;
const RM = { recursive: true, force: true, maxRetries: 5, retryDelay: 20 } as const;

/** What earlier removals of `dir` renamed aside and left (absolute paths). */
export function leftAside(dir: string): string[] {
  const prefix = `${basename(dir)}${MARK}`;
  try {
    return readdirSync(dirname(dir))
      .filter((f) => f.startsWith(prefix))
      .map((f) => join(dirname(dir), f));
  } catch {
    return [];
  }
}

/**
 * Removes `dir` and everything in it (nothing when it does not exist), and what an earlier removal of it left
 * aside. Throws only what rm throws after retries.
 */
export async function removeDirWhole(dir: string): Promise<void> {
  const moved = aside(dir);
  try {
    await rename(dir, moved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  for (const d of leftAside(dir)) await rm(d, RM);
}

/** removeDirWhole, synchronously (process exit, the watchdog). */
export function removeDirWholeSync(dir: string): void {
  const moved = aside(dir);
  try {
    renameSync(dir, moved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  for (const d of leftAside(dir)) rmSync(d, RM);
}
