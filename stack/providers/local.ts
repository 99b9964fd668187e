import { startLocalPostgres } from './local/postgres.ts';
import { startLocalRedis } from './local/redis.ts';
import { startLocalS3 } from './local/s3.ts';
import type { Provider } from './provider.ts';

/** The `local` provider: the same services as processes from binaries on this machine. */
export const localProvider: Provider = {
  name: 'local',
  startPostgres: startLocalPostgres,
  startRedis: startLocalRedis,
  startS3: startLocalS3,
};
