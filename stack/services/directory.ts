/**
 * The directory stand-in (standins/directory/): Zitadel's login and admin API as the platform calls them, with
 * the seeded user.
 * - needs: nothing. Starts the same on every provider (a process of the suite's own).
 * - exports: DIRECTORY_URL, E2E_USER_EMAIL, E2E_USER_PASSWORD.
 * - the platform's env: nothing; the platform reads the directory from its work dir's directory_config.json,
 *   which platform.ts writes (§11.1).
 * - faults: not stopped by fault specs.
 */
import { standInService } from '../standin-process.ts';
import type { StackService } from './types.ts';

/** The seeded directory user (the credentials General Bots' own e2e docs use). */
export const DEFAULT_USER = { email: 'test@example.com', password: 'TestPassword123!' } as const;

const directory: StackService = {
  key: 'directory',
  needs: [],
  start: {
    any: (ctx) =>
      standInService(
        ctx,
        'directory',
        {
          STANDIN_CLIENT_ID: ctx.secrets.directoryClientId,
          STANDIN_CLIENT_SECRET: ctx.secrets.directoryClientSecret,
          STANDIN_SEED_USERS: JSON.stringify([DEFAULT_USER]),
        },
        (url) => ({ DIRECTORY_URL: url, E2E_USER_EMAIL: DEFAULT_USER.email, E2E_USER_PASSWORD: DEFAULT_USER.password }),
      ),
  },
  about: { startsOn: 'a stand-in', platform: 'its `directory_config.json` in the work dir' },
  exports: ['DIRECTORY_URL', 'E2E_USER_EMAIL', 'E2E_USER_PASSWORD'],
  faults: false,
};
export default directory;
