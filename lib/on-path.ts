import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first `name` found in a folder of PATH (its absolute path), or undefined. Checks existence, not the execute bit. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}
