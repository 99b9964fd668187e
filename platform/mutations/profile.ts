/**
 * Mutations that change what the profile says (platform/profile.ts): a recorded bug fixed, a field taken away, or
 * a security trait broken (platform/security-profile.ts reads `profile.security`).
 */
import type { Profile } from '../profile.ts';
import type { Wrapper } from './types.ts';

const security = (p: Profile, change: Partial<Profile['security']>): Profile => ({
  ...p,
  security: { ...p.security, ...change },
});

export const PROFILE_MUTATIONS = {
  'logout-works': {
    what: 'a fix: logout invalidates the token even under the pre and head profiles (caveat 5 gone)',
    wrap: (p) => ({ ...p, logoutAlways401: false }),
  },
  'no-bot-id': {
    what: 'a regression: GET /api/auth answers without bot_id (the bot and its rows are still there)',
    wrap: (p) => ({ ...p, authGivesBotId: false }),
  },
  'unescaped-reply': {
    what: 'a regression: the chat page inserts an LLM reply as HTML (its markup runs as script)',
    wrap: (p) => security(p, { replyAsHtml: true }),
  },
  'no-csp': {
    what: 'a regression: pages are served without a Content-Security-Policy',
    wrap: (p) => security(p, { pageHeaders: p.security.pageHeaders.filter((h) => h !== 'content-security-policy') }),
  },
  'cors-echoes-origin': {
    what: 'a regression: /api/* grants any Origin with credentials (CORS)',
    wrap: (p) => security(p, { corsEchoesOrigin: true }),
  },
  'ws-accepts-any-origin': {
    what: 'a regression: /ws accepts an upgrade from a page of another site',
    wrap: (p) => security(p, { wsChecksOrigin: false }),
  },
  'no-login-limit': {
    what: 'a regression: wrong passwords for one account are never slowed or refused',
    wrap: (p) => security(p, { loginLimit: false }),
  },
  'tokens-never-expire': {
    what: 'a regression: login tokens are kept without an expiry',
    wrap: (p) => security(p, { tokens: 'redis-no-expiry' }),
  },
} satisfies Record<string, Wrapper<Profile>>;
