import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The first `name` found on PATH, or undefined. */
export function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** PostgreSQL's bin folder: PG_BIN_DIR, then PATH, then the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir(configured?: string): string | undefined {
  if (configured) return configured;
  const initdb = onPath('initdb');
  if (initdb) return initdb.slice(0, -'/initdb'.length);
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0]!, 'bin') : undefined;
}
