/**
 * The steps of the reference platform's HTTP server that its seeded mutations wrap (platform/mutations/server.ts):
 * the platform's own behaviour is PLAIN_SERVER; server.ts calls these and never asks which mutation runs.
 */
import type { TokenStore } from '../auth/token-store.ts';

export interface ServerSteps {
  /** /api/health's database check: `check` asks the database; resolves whether it answered. */
  databaseAnswers(check: () => Promise<boolean>): Promise<boolean>;
  /** Whether POST /api/auth/login (and /refresh) is routed, given what the profile says (`loginRoutes`). */
  loginRouted(profileSays: boolean): boolean;
  /** The token store logins issue from and protected routes check (platform/auth/token-store.ts). */
  tokens(store: TokenStore): TokenStore;
  /** The path of the chat's session route (§5.1: `GET /api/auth`); any other path of /api/ answers 404. */
  sessionPath: string;
}

export const PLAIN_SERVER: ServerSteps = {
  databaseAnswers: (check) => check(),
  loginRouted: (profileSays) => profileSays,
  tokens: (store) => store,
  sessionPath: '/api/auth',
};
