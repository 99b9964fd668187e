import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { onPath } from '../../../lib/on-path.ts';

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
