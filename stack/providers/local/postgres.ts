import { join } from 'node:path';
import { claimPort } from '../../port-claims.ts';
import pg from 'pg';
import { Restartable } from '../../restartable.ts';
import { postgresSelectOne } from '../../checks.ts';
import { ServiceStartError } from '../../errors.ts';
import { serviceUser } from '../../service-user.ts';
import { postgresBinDir } from './find-binary.ts';
import { copyCluster, pristineCluster } from './postgres-template.ts';
import { postgresUrl, type ProviderContext, type RunningService } from '../provider.ts';

/** PostgreSQL from the machine's binaries: a copy of the pristine cluster (postgres-template.ts) in the temp dir,
 * postgres on a free 127.0.0.1 port, then the stack's own role, password and database. */
export async function startLocalPostgres(ctx: ProviderContext): Promise<RunningService> {
  const started = Date.now();
  const logFile = ctx.layout.log('postgres');
  const bin = postgresBinDir(ctx.pgBinDir);
  if (!bin) {
    throw new ServiceStartError('postgres', 'no PostgreSQL binaries found (initdb, postgres): install them (apt-get install -y postgresql) or set PG_BIN_DIR');
  }
  const user = serviceUser();
  const ids = user ? { uid: user.uid, gid: user.gid } : {};
  const { dbUser, dbPassword, dbName } = ctx.credentials;

  const template = await pristineCluster(bin, ids, logFile, ctx.deadlineMs, { root: ctx.pgTemplateDir, registerProcess: ctx.registerProcess, registerDir: ctx.registerDir, releaseDir: ctx.releaseDir });
  await copyCluster(template, ctx.layout.postgresData, ids);

  const port = await claimPort(ctx.layout.id);
  // The copied cluster has only `postgres`, trusted on the local socket: the stack's role, password and database.
  const socketAdmin = { host: ctx.layout.postgresRun, port, user: 'postgres', database: 'template1' };
  const restartable = await Restartable.start({
    process: {
      name: 'postgres',
      command: join(bin, 'postgres'),
      args: ['-D', ctx.layout.postgresData, '-p', String(port), '-k', ctx.layout.postgresRun,
        '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
      logFile,
      cwd: ctx.layout.postgresRun,
      ...ids,
      stopSignal: 'SIGINT',
    },
    ready: () => postgresSelectOne(socketAdmin), what: 'SELECT 1', deadlineMs: ctx.deadlineMs, graceMs: 5000, register: (pid) => ctx.register('postgres', pid),
  });
  const url = postgresUrl('127.0.0.1', port, ctx.credentials);
  try {
    const admin = new pg.Client(socketAdmin);
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE "${dbUser}" LOGIN SUPERUSER PASSWORD '${dbPassword.replace(/'/g, "''")}'`);
      await admin.query(`CREATE DATABASE "${dbName}" OWNER "${dbUser}"`);
    } finally {
      await admin.end();
    }
    await postgresSelectOne(url);
  } catch (e) {
    await restartable.stop();
    throw e;
  }
  return {
    name: 'postgres',
    restartable,
    host: '127.0.0.1',
    port,
    url,
    state: { host: '127.0.0.1', port, pid: restartable.pid, kind: `local (${bin})`, log: logFile, status: 'ready', readyMs: Date.now() - started, database: dbName, user: dbUser },
    stop: () => restartable.stop(),
  };
}
