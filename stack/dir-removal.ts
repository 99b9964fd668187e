/**
 * Removing a stack's temp dir so that nothing written into it late survives (issue 30): a test failing while the
 * stack is torn down writes the `failed-tests` marker into the dir (fixtures/diagnostics.ts) at the moment a
 * recursive remove walks it, and the dir was left holding only that marker. The dir is first renamed aside (one
 * atomic step: from then on its path does not exist, so a late write fails with ENOENT and creates nothing), then
 * removed under its new name, with retries for what a writer that got in before the rename added meanwhile.
 */
import { renameSync, rmSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

const aside = (dir: string) => `${dir}.removing-${randomBytes(3).toString('hex')}`;

/** Removes `dir` and everything in it (nothing when it does not exist). Throws only what rm throws after retries. */
export async function removeDirWhole(dir: string): Promise<void> {
  const moved = aside(dir);
  try {
    await rename(dir, moved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  await rm(moved, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
}

/** removeDirWhole, synchronously (process exit, the watchdog). */
export function removeDirWholeSync(dir: string): void {
  const moved = aside(dir);
  try {
    renameSync(dir, moved);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  rmSync(moved, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
}
