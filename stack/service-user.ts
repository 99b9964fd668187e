import { execFileSync } from 'node:child_process';

let cached: { uid: number; gid: number } | null | undefined;

/**
 * The unprivileged user PostgreSQL runs as when this process is root (PostgreSQL refuses root), else null.
 * Looks up the `postgres` user that Debian's packages create.
 */
export function serviceUser(): { uid: number; gid: number } | null {
  if (cached !== undefined) return cached;
  if (process.getuid?.() !== 0) return (cached = null);
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    cached = { uid, gid };
  } catch {
    throw new Error(
      'running as root, but there is no `postgres` user to run PostgreSQL as: install the postgresql package (apt-get install -y postgresql) or run as an ordinary user',
    );
  }
  return cached;
}
