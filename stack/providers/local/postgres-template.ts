/**
 * A pristine PostgreSQL cluster, made once per machine and PostgreSQL build (bin folder) and copied into each
 * stack instead of running initdb there (initdb was most of the local stack's start-up).
 * It stays pristine: initdb writes it into a folder of its own, which is renamed into place only once complete
 * (two stacks making it at once: one rename wins, the other copy is discarded); it is never started (only copies
 * are), so nothing writes to it. It has only the `postgres` superuser, trusted on the local socket, and no `postgres`
 * database (each stack's admin connection uses `template1`); each stack then creates
 * its own role, password and database. Clear it with `rm -rf /var/tmp/botserver-e2e-pg-template` (made again on
 * the next start).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { execa } from 'execa';
import { ServiceStartError } from '../../errors.ts';
import { logTail } from '../../log-tail.ts';
import pg from 'pg';
import { ManagedProcess } from '../../managed-process.ts';
import { waitUntilReady } from '../../readiness.ts';
import { postgresSelectOne } from '../../checks.ts';

export const TEMPLATE_ROOT = '/var/tmp/botserver-e2e-pg-template';
const INITDB_ARGS = ['-U', 'postgres', '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N', '--wal-segsize=1'];

/** The template's folder for this PostgreSQL build, made first when missing. */
export async function pristineCluster(bin: string, ids: { uid?: number; gid?: number }, logFile: string, deadlineMs: number): Promise<string> {
  const dir = join(TEMPLATE_ROOT, `pg-${createHash('sha1').update(`${bin}\0${INITDB_ARGS.join(' ')}`).digest('hex').slice(0, 12)}`);
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  await mkdir(TEMPLATE_ROOT, { recursive: true, mode: 0o1777 });
  await chmod(TEMPLATE_ROOT, 0o1777).catch(() => undefined);
  const building = `${dir}.building-${process.pid}-${Date.now()}`;
  await mkdir(building, { mode: 0o700 });
  if (ids.uid !== undefined) await execa('chown', [`${ids.uid}:${ids.gid}`, building]);
  const init = await execa(join(bin, 'initdb'), ['-D', building, ...INITDB_ARGS], {
    ...ids, cwd: '/', stdin: 'ignore', stdout: { file: logFile, append: true }, stderr: { file: logFile, append: true }, reject: false, timeout: deadlineMs,
  });
  if (init.exitCode !== 0) {
    await rm(building, { recursive: true, force: true });
    throw new ServiceStartError('postgres', `initdb of the pristine cluster exited with code ${init.exitCode}`, logFile, await logTail(logFile));
  }
  await dropPostgresDatabase(bin, building, ids, logFile, deadlineMs);
  try {
    await rename(building, dir);
  } catch {
    await rm(building, { recursive: true, force: true }); // another stack made it meanwhile
  }
  return dir;
}

/**
 * A third less to copy: the `postgres` database is dropped from the cluster being built (each stack makes its own
 * database; its admin connection uses `template1`). Started on a socket only, never reachable, before the rename.
 */
async function dropPostgresDatabase(bin: string, building: string, ids: { uid?: number; gid?: number }, logFile: string, deadlineMs: number): Promise<void> {
  const proc = ManagedProcess.start({
    name: 'postgres (pristine cluster)', command: join(bin, 'postgres'), logFile, cwd: '/', ...ids, stopSignal: 'SIGINT',
    args: ['-D', building, '-k', building, '-c', "listen_addresses=", '-c', 'fsync=off'],
  });
  try {
    const socket = { host: building, port: 5432, user: 'postgres', database: 'template1' };
    await waitUntilReady(() => postgresSelectOne(socket), { service: 'postgres', what: 'SELECT 1 (pristine cluster)', deadlineMs, logFile, process: proc });
    const client = new pg.Client(socket);
    await client.connect();
    try {
      await client.query('DROP DATABASE postgres');
      await client.query('CHECKPOINT');
    } finally {
      await client.end();
    }
  } finally {
    await proc.stop(10_000);
  }
  await rm(join(building, 'postmaster.opts'), { force: true });
}

/** Copies the template into a stack's (empty, already owned) data folder, as the PostgreSQL user. */
export async function copyCluster(template: string, dataDir: string, ids: { uid?: number; gid?: number }): Promise<void> {
  await execa('cp', ['-a', `${template}/.`, dataDir], { ...ids, cwd: '/', stdin: 'ignore' });
}
