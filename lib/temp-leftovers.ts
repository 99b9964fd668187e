/**
 * What a platform under test left in the machine's temp dir, outside every folder the suite gives it: BotServer
 * writes its own files there by the prefix `gb_` (HEAD's `gb_kb_<uuid>_<file>` for each KB document it indexes:
 * stack/botserver-wiring.ts points its TMPDIR into the stack, but a path it builds from `/tmp` itself escapes), and
 * the reference platform writes only under its work dir, so any `gb_` entry it leaves in the machine's temp dir is
 * a defect too. Read by the suite's teardown (global-teardown.ts), by `npm test` (scripts/project-tests.ts) and by
 * the stack tests' leftover check (project-tests/leftovers.ts). The shared bottom: imports nothing of the layers.
 */
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The names a platform's own temp files have (BotServer's prefix). */
export const PLATFORM_TEMP_NAMES = /^gb_/;

/** The machine's temp dirs: `/tmp`, and the process's own temp dir when it is another (TMPDIR). */
export function machineTempDirs(): string[] {
  return [...new Set(['/tmp', tmpdir()])];
}

/**
 * The entries of `dirs` (default: machineTempDirs) named as a platform's temp files and changed at or after `since`
 * (epoch ms; a second's slack for file systems that keep whole seconds), as full paths, sorted. Never throws: a dir
 * that cannot be read, or an entry gone meanwhile, is left out.
 */
export function platformTempLeftovers(since: number, dirs = machineTempDirs()): string[] {
  const found = new Set<string>();
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => PLATFORM_TEMP_NAMES.test(n))) {
      try {
        if (statSync(join(dir, name)).mtimeMs >= since - 1000) found.add(join(dir, name));
      } catch {
        /* gone meanwhile */
      }
    }
  }
  return [...found].sort();
}
