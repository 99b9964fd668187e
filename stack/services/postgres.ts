/**
 * PostgreSQL, the platform's database.
 * - needs: nothing.
 * - local: a copy of the pristine cluster (stack/providers/local/postgres-template.ts) in the temp dir, postgres on a
 *   free 127.0.0.1 port, then the stack's own role, password and database.
 * - containers: testcontainers' PostgreSQL module with the stack's database, user and password.
 * - exports: DB_HOST, DB_PORT, DB_NAME, DB_USER, DB_PASSWORD, DATABASE_URL.
 * - the platform's env: DATABASE_URL (the reference platform reads it; real builds ignore it, §1.3). Vault's
 *   secrets: `gbo/tables`, where real builds read their database from (§11.1).
 * - faults: a fault spec may stop it (local provider).
 */
import { join } from 'node:path';
import pg from 'pg';
import { claimPort } from '../port-claims.ts';
import { Restartable } from '../restartable.ts';
import { postgresSelectOne } from '../checks.ts';
import { waitUntilReady } from '../readiness.ts';
import { ServiceStartError } from '../errors.ts';
import { serviceUser } from '../service-user.ts';
import { postgresBinDir } from '../providers/local/find-binary.ts';
import { copyCluster, pristineCluster } from '../providers/local/postgres-template.ts';
import { containerState, removeContainer, startContainer } from '../providers/containers.ts';
import { tablesSecret } from '../../standins/vault/server.ts';
import type { Credentials } from '../providers/provider.ts';
import type { StackContext, StackService, StartedService } from './types.ts';

/** The stack's database URL (credentials included) at `host:port`. */
export function postgresUrl(host: string, port: number, c: Credentials, db = c.dbName): string {
  return `postgres://${encodeURIComponent(c.dbUser)}:${encodeURIComponent(c.dbPassword)}@${host}:${port}/${db}`;
}

function started(
  ctx: StackContext,
  host: string,
  port: number,
  rest: Omit<StartedService, 'url' | 'env'>,
): StartedService {
  const c = ctx.credentials;
  const url = postgresUrl(host, port, c);
  return {
    ...rest,
    url,
    env: {
      DB_HOST: host,
      DB_PORT: String(port),
      DB_NAME: c.dbName,
      DB_USER: c.dbUser,
      DB_PASSWORD: c.dbPassword,
      DATABASE_URL: url,
    },
  };
}

async function startLocal(ctx: StackContext): Promise<StartedService> {
  const t0 = Date.now();
  const logFile = ctx.layout.log('postgres');
  const bin = postgresBinDir(ctx.config.pgBinDir);
  if (!bin)
    throw new ServiceStartError(
      'postgres',
      'no PostgreSQL binaries found (initdb, postgres): install them (apt-get install -y postgresql) or set PG_BIN_DIR',
    );
  const user = serviceUser();
  const ids = user ? { uid: user.uid, gid: user.gid } : {};
  const { dbUser, dbPassword, dbName } = ctx.credentials;
  const deadlineMs = ctx.config.serviceReadyMs;

  const template = await pristineCluster(bin, ids, logFile, deadlineMs, {
    root: ctx.config.pgTemplateDir,
    registerProcess: ctx.registerProcess,
    registerDir: ctx.registerDir,
    releaseDir: ctx.releaseDir,
  });
  await copyCluster(template, ctx.layout.postgresData, ids);

  const port = await claimPort(ctx.layout.id);
  // The copied cluster has only `postgres`, trusted on the local socket: the stack's role, password and database.
  const socketAdmin = { host: ctx.layout.postgresRun, port, user: 'postgres', database: 'template1' };
  const restartable = await Restartable.start({
    process: {
      name: 'postgres',
      command: join(bin, 'postgres'),
      args: [
        '-D',
        ctx.layout.postgresData,
        '-p',
        String(port),
        '-k',
        ctx.layout.postgresRun,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
      ],
      logFile,
      cwd: ctx.layout.postgresRun,
      ...ids,
      stopSignal: 'SIGINT',
    },
    ready: () => postgresSelectOne(socketAdmin),
    what: 'SELECT 1',
    deadlineMs,
    graceMs: 5000,
    register: (pid) => ctx.register('postgres', pid),
  });
  try {
    const admin = new pg.Client(socketAdmin);
    await admin.connect();
    try {
      await admin.query(`CREATE ROLE "${dbUser}" LOGIN SUPERUSER PASSWORD '${dbPassword.replace(/'/g, "''")}'`);
      await admin.query(`CREATE DATABASE "${dbName}" OWNER "${dbUser}"`);
    } finally {
      await admin.end();
    }
    // The stack's own role over TCP, as the platform will connect: retried to the deadline like the socket's
    // check above (one connect can take over its 2 s on a loaded machine; that is late, not broken).
    await waitUntilReady(() => postgresSelectOne(postgresUrl('127.0.0.1', port, ctx.credentials)), {
      service: 'postgres',
      what: `SELECT 1 as ${dbUser} over TCP`,
      deadlineMs,
      logFile,
    });
  } catch (e) {
    await restartable.stop();
    throw e;
  }
  return started(ctx, '127.0.0.1', port, {
    restartable,
    state: {
      host: '127.0.0.1',
      port,
      pid: restartable.pid,
      kind: `local (${bin})`,
      log: logFile,
      status: 'ready',
      readyMs: Date.now() - t0,
      database: dbName,
      user: dbUser,
    },
    stop: () => restartable.stop(),
  });
}

async function startContainers(ctx: StackContext): Promise<StartedService> {
  const t0 = Date.now();
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { dbUser, dbPassword, dbName } = ctx.credentials;
  const image = ctx.config.setting(postgres.image!);
  const c = await startContainer(
    'postgres',
    ctx,
    image,
    new PostgreSqlContainer(image).withDatabase(dbName).withUsername(dbUser).withPassword(dbPassword),
  );
  return started(ctx, c.getHost(), c.getPort(), {
    state: { ...containerState('postgres', ctx, c, c.getPort(), image, t0), database: dbName, user: dbUser },
    stop: removeContainer(c),
  });
}

const postgres: StackService = {
  key: 'postgres',
  needs: [],
  start: { local: startLocal, containers: startContainers },
  image: {
    name: 'POSTGRES_IMAGE',
    default: 'postgres:17-alpine',
    meaning: 'PostgreSQL image (containers provider)',
    local: 'botserver-e2e/postgres:15',
  },
  about: { platform: "`DATABASE_URL`; Vault's `gbo/tables`" },
  exports: ['DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'DATABASE_URL'],
  platformEnv: (svc) => ({ DATABASE_URL: svc.url! }),
  vaultSecrets: (svc, ctx) => {
    const c = ctx.credentials;
    return tablesSecret({
      host: svc.state.host!,
      port: String(svc.state.port),
      database: c.dbName,
      username: c.dbUser,
      password: c.dbPassword,
    });
  },
  faults: true,
};
export default postgres;
