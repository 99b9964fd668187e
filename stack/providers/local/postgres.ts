import { writeFile, rm, chown } from 'node:fs/promises';
import { join } from 'node:path';
import { claimPort } from '../../port-claims.ts';
import { execa } from 'execa';
import pg from 'pg';
import { ManagedProcess } from '../../managed-process.ts';
import { Restartable } from '../../restartable.ts';
import { waitUntilReady } from '../../readiness.ts';
import { postgresSelectOne } from '../../checks.ts';
import { ServiceStartError } from '../../errors.ts';
import { logTail } from '../../log-tail.ts';
import { serviceUser } from '../../service-user.ts';
import { postgresBinDir } from './find-binary.ts';
import { postgresUrl, type ProviderContext, type RunningService } from '../provider.ts';

/** PostgreSQL from the machine's binaries: initdb into the temp dir, then postgres on a free 127.0.0.1 port. */
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

  const pwfile = join(ctx.layout.postgresRun, 'pwfile');
  await writeFile(pwfile, dbPassword, { mode: 0o600 });
  if (user) await chown(pwfile, user.uid, user.gid);
  try {
    const init = await execa(join(bin, 'initdb'), [
      '-D', ctx.layout.postgresData, '-U', dbUser, `--pwfile=${pwfile}`,
      '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--locale=C.UTF-8', '-N',
    ], { ...ids, cwd: ctx.layout.postgresRun, stdin: 'ignore', stdout: { file: logFile, append: true }, stderr: { file: logFile, append: true }, reject: false, timeout: ctx.deadlineMs });
    if (init.exitCode !== 0) {
      throw new ServiceStartError('postgres', `initdb exited with code ${init.exitCode}`, logFile, await logTail(logFile));
    }
  } finally {
    await rm(pwfile, { force: true });
  }

  const port = await claimPort(ctx.layout.id);
  const options = {
    name: 'postgres',
    command: join(bin, 'postgres'),
    args: ['-D', ctx.layout.postgresData, '-p', String(port), '-k', ctx.layout.postgresRun,
      '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    logFile,
    cwd: ctx.layout.postgresRun,
    ...ids,
    stopSignal: 'SIGINT' as const,
  };
  const proc = ManagedProcess.start(options);
  ctx.register('postgres', proc.pid);
  const adminUrl = postgresUrl('127.0.0.1', port, ctx.credentials, 'postgres');
  try {
    await waitUntilReady(() => postgresSelectOne(adminUrl), { service: 'postgres', what: 'SELECT 1', deadlineMs: ctx.deadlineMs, logFile, process: proc });
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${dbName}"`);
    } finally {
      await admin.end();
    }
  } catch (e) {
    await proc.stop(2000);
    throw e;
  }
  const restartable = new Restartable(proc, { process: options, ready: () => postgresSelectOne(adminUrl), what: 'SELECT 1', deadlineMs: ctx.deadlineMs, graceMs: 5000, register: (pid) => ctx.register('postgres', pid) });
  return {
    name: 'postgres',
    restartable,
    host: '127.0.0.1',
    port,
    url: postgresUrl('127.0.0.1', port, ctx.credentials),
    state: { host: '127.0.0.1', port, pid: proc.pid, kind: `local (${bin})`, log: logFile, status: 'ready', readyMs: Date.now() - started, database: dbName, user: dbUser },
    stop: () => restartable.stop(),
  };
}
