/**
 * The bot packages under some folders: every `<name>.gbai` folder found recursively (a package's own folders are
 * not searched further), sorted by path. Throws an Error naming a folder that does not exist or cannot be read.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export async function findPackages(roots: string[]): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
      throw new Error(`${dir} cannot be read (${e.code ?? e.message})`);
    });
    for (const e of entries) {
      const full = join(dir, e.name);
      // A link to a folder counts as the folder.
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(full).catch(() => undefined))?.isDirectory());
      if (!isDir || e.name === 'node_modules' || e.name.startsWith('.')) continue;
      if (e.name.endsWith('.gbai')) found.push(full);
      else await walk(full);
    }
  };
  for (const root of roots) {
    const abs = resolve(root);
    const info = await stat(abs).catch(() => undefined);
    if (!info?.isDirectory())
      throw new Error(
        `${root} is not a folder: give folders that hold <name>.gbai bot packages (searched recursively)`,
      );
    if (abs.endsWith('.gbai')) found.push(abs);
    else await walk(abs);
  }
  return [...new Set(found)].sort();
}
