/** Mutations of the HTTP server: wrappers of its steps (platform/http/server-steps.ts). */
import { randomUUID } from 'node:crypto';
import type { ServerSteps } from '../http/server-steps.ts';
import type { TokenStore } from '../auth/token-store.ts';
import type { Wrapper } from './types.ts';

/** A token store whose logins issue tokens that are never recorded (so nothing accepts them); the rest unchanged. */
function issuingUnrecorded(store: TokenStore): TokenStore {
  return Object.assign(Object.create(store) as TokenStore, {
    issue: async () => `gb_${randomUUID()}_${Math.floor(Date.now() / 1000)}`,
  });
}

export const SERVER_MUTATIONS = {
  'health-ignores-database': {
    what: 'a regression: /api/health answers database:true without asking the database',
    wrap: (s) => ({ ...s, databaseAnswers: async () => true }),
  },
  'half-fixed-login': {
    what: 'a half fix: POST /api/auth/login is routed and answers 200 with a token, but `me` and the protected routes do not accept that token',
    wrap: (s) => ({ ...s, loginRouted: () => true, tokens: (store) => issuingUnrecorded(s.tokens(store)) }),
  },
  'session-route-renamed': {
    what: "a regression: the chat's session route moved to GET /api/auth/session, so GET /api/auth answers 404 (no chat gets a session)",
    wrap: (s) => ({ ...s, sessionPath: '/api/auth/session' }),
  },
} satisfies Record<string, Wrapper<ServerSteps>>;
