/**
 * A pristine PostgreSQL cluster, made once per machine and PostgreSQL build (bin folder) and copied into each
 * stack instead of running initdb there (initdb was most of the local stack's start-up).
 * It stays pristine: initdb writes it into a folder of its own, which is renamed into place only once complete
 * (two stacks making it at once: one rename wins, the other copy is discarded); it is never started (only copies
 * are), so nothing writes to it. It has only the `postgres` superuser, trusted on the local socket, and no `postgres`
 * database (each stack's admin connection uses `template1`); each stack then creates
 * its own role, password and database. Clear it with `rm -rf /var/tmp/botserver-e2e-pg-template` (made again on
 * the next start); PG_TEMPLATE_DIR puts it elsewhere (the project's tests of a first start use a folder of their own).
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { execa } from 'execa';
import { ServiceStartError } from '../../errors.ts';
import { logTail } from '../../log-tail.ts';
import pg from 'pg';
import { ManagedProcess } from '../../managed-process.ts';
import { waitUntilReady } from '../../readiness.ts';
import { postgresSelectOne } from '../../checks.ts';
import { processAlive } from '../../process-alive.ts';

const INITDB_ARGS = [
  '-U',
  'postgres',
  '--auth-host=scram-sha-256',
  '--auth-local=trust',
  '-E',
  'UTF8',
  '--locale=C.UTF-8',
  '-N',
  '--wal-segsize=1',
];
const BUILDING = /\.building-(\d+)-\d+$/;

/** Where the template is made, and how the stack learns of what making it starts (so that every cleanup path knows). */
export interface TemplateBuild {
  /** PG_TEMPLATE_DIR. */
  root: string;
  registerProcess(name: string, pid: number): void;
  registerDir(dir: string): void;
  releaseDir(dir: string): void;
}

/**
 * The template's folder for this PostgreSQL build, made first when missing. The folder it is built in and every
 * process that builds it (initdb, then a postgres on a socket only) are registered with the stack before they exist
 * or the moment they start, so that a run ending meanwhile (a signal, SIGKILL, a failure) stops and removes them.
 */
export async function pristineCluster(
  bin: string,
  ids: { uid?: number; gid?: number },
  logFile: string,
  deadlineMs: number,
  build: TemplateBuild,
): Promise<string> {
  const dir = join(
    build.root,
    `pg-${createHash('sha1')
      .update(`${bin}\0${INITDB_ARGS.join(' ')}`)
      .digest('hex')
      .slice(0, 12)}`,
  );
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  await mkdir(build.root, { recursive: true, mode: 0o1777 });
  await chmod(build.root, 0o1777).catch(() => undefined);
  await removeAbandonedBuilds(build.root);
  const building = `${dir}.building-${process.pid}-${Date.now()}`;
  build.registerDir(building);
  try {
    await mkdir(building, { mode: 0o700 });
    if (ids.uid !== undefined) await execa('chown', [`${ids.uid}:${ids.gid}`, building]);
    let init: ManagedProcess;
    try {
      init = ManagedProcess.start({
        name: 'initdb (pristine cluster)',
        command: join(bin, 'initdb'),
        args: ['-D', building, ...INITDB_ARGS],
        logFile,
        cwd: '/',
        ...ids,
      });
    } catch (e) {
      throw new ServiceStartError(
        'postgres',
        `initdb of the pristine cluster could not start (${(e as Error).message})`,
        logFile,
      );
    }
    build.registerProcess('postgres-template-initdb', init.pid);
    const timer = new Promise<'timeout'>((r) => setTimeout(r, deadlineMs, 'timeout').unref());
    if ((await Promise.race([init.exited, timer])) === 'timeout') {
      await init.stop(1000);
      throw new ServiceStartError(
        'postgres',
        `initdb of the pristine cluster did not finish within ${Math.round(deadlineMs / 1000)} s`,
        logFile,
        await logTail(logFile),
      );
    }
    if (init.exitInfo?.code !== 0) {
      throw new ServiceStartError(
        'postgres',
        `initdb of the pristine cluster ${init.describeExit()}`,
        logFile,
        await logTail(logFile),
      );
    }
    await dropPostgresDatabase(bin, building, ids, logFile, deadlineMs, build);
    try {
      await rename(building, dir);
    } catch {
      /* another stack made it meanwhile: this copy is discarded below */
    }
  } finally {
    await rm(building, { recursive: true, force: true }); // gone after the rename; a failed or stopped build's remains
    build.releaseDir(building);
  }
  return dir;
}

/**
 * Folders an earlier run was building when it ended without cleaning up (its owner, whose pid the folder's name
 * holds, is gone; code older than the stack records left these): removed, with a postgres still serving one.
 */
async function removeAbandonedBuilds(root: string): Promise<void> {
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const owner = BUILDING.exec(name)?.[1];
    if (!owner || processAlive(Number(owner))) continue;
    const folder = join(root, name);
    const server = Number((await readFile(join(folder, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
    if (server && (await readFile(`/proc/${server}/cmdline`, 'utf8').catch(() => '')).includes(folder)) {
      try {
        process.kill(server, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    await rm(folder, { recursive: true, force: true });
  }
}

/**
 * A third less to copy: the `postgres` database is dropped from the cluster being built (each stack makes its own
 * database; its admin connection uses `template1`). Started on a socket only, never reachable, before the rename.
 */
async function dropPostgresDatabase(
  bin: string,
  building: string,
  ids: { uid?: number; gid?: number },
  logFile: string,
  deadlineMs: number,
  build: TemplateBuild,
): Promise<void> {
  const proc = ManagedProcess.start({
    name: 'postgres (pristine cluster)',
    command: join(bin, 'postgres'),
    logFile,
    cwd: '/',
    ...ids,
    stopSignal: 'SIGINT',
    args: ['-D', building, '-k', building, '-c', 'listen_addresses=', '-c', 'fsync=off'],
  });
  build.registerProcess('postgres-template', proc.pid);
  try {
    const socket = { host: building, port: 5432, user: 'postgres', database: 'template1' };
    await waitUntilReady(() => postgresSelectOne(socket), {
      service: 'postgres',
      what: 'SELECT 1 (pristine cluster)',
      deadlineMs,
      logFile,
      process: proc,
    });
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
export async function copyCluster(
  template: string,
  dataDir: string,
  ids: { uid?: number; gid?: number },
): Promise<void> {
  await execa('cp', ['-a', `${template}/.`, dataDir], { ...ids, cwd: '/', stdin: 'ignore' });
}
