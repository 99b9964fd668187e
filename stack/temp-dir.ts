import { mkdir, chown, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomToken } from './secrets.ts';
import { serviceUser } from './service-user.ts';

export interface TempDirLayout {
  id: string;
  dir: string;
  stateFile: string;
  postgresData: string;
  postgresRun: string;
  redisData: string;
  minioData: string;
  botserver: { root: string; logs: string; config: string; cache: string };
  log(service: string): string;
}

function timestamp(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * Creates `<tmpdir>/botserver-test-{YYYYMMDD-HHMMSS}-{random}/` (mode 0700) and its sub-folders.
 * When running as root the dir belongs to the `postgres` user, because PostgreSQL refuses to run as root and
 * must be able to reach its data dir; root can still read and write everything in it.
 */
export async function createTempDir(base = tmpdir()): Promise<TempDirLayout> {
  const rand = randomToken(4);
  const id = `${timestamp()}-${rand}`;
  const dir = join(base, `botserver-test-${id}`);
  await mkdir(dir, { mode: 0o700 });
  const layout: TempDirLayout = {
    id,
    dir,
    stateFile: join(dir, 'state.json'),
    postgresData: join(dir, 'postgres', 'data'),
    postgresRun: join(dir, 'postgres', 'run'),
    redisData: join(dir, 'redis', 'data'),
    minioData: join(dir, 'minio', 'data'),
    botserver: {
      root: join(dir, 'botserver'),
      logs: join(dir, 'botserver', 'logs'),
      config: join(dir, 'botserver', 'config'),
      cache: join(dir, 'botserver', 'cache'),
    },
    log: (service: string) => join(dir, `${service}.log`),
  };
  const dirs = [
    layout.postgresData,
    layout.postgresRun,
    layout.redisData,
    layout.minioData,
    ...Object.values(layout.botserver),
  ];
  await Promise.all(dirs.map((d) => mkdir(d, { recursive: true, mode: 0o700 })));
  const pgUser = serviceUser();
  if (pgUser) {
    await chown(dir, pgUser.uid, pgUser.gid);
    for (const d of [join(dir, 'postgres'), layout.postgresData, layout.postgresRun])
      await chown(d, pgUser.uid, pgUser.gid);
  }
  await chmod(dir, 0o700);
  return layout;
}
