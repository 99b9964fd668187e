/**
 * What each build profile does where an attacker looks (issue 20; contract §11.8 and the measurements recorded in
 * fixtures/caveats.ts): how the chat page inserts a reply, which security headers the pages and the API send,
 * whether `/ws` checks the Origin, whether logins are limited, and where tokens live. `intended` is the secure
 * behaviour; the other profiles reproduce what was measured on their builds through botui (the `security` part of
 * each build record, builds/<name>.json). The security mutations (platform/mutations/profile.ts) each break one of
 * these under any profile, for the project's tests, by changing the profile.
 */
import type { Profile } from './profile.ts';
import type { TokenKeeping } from './auth/token-store.ts';

/** The security headers a page may send (platform/http/security-headers.ts sends them). */
export type HeaderName = 'content-security-policy' | 'x-content-type-options' | 'x-frame-options' | 'referrer-policy';

export interface SecurityTraits {
  /** The chat page inserts a reply as HTML, as botui does (§11.8: a reply's `<img onerror>` runs); intended: text. */
  replyAsHtml: boolean;
  /** Security headers on pages (`/`, `/login`, assets); `/api/*` always sends `nosniff`. */
  pageHeaders: HeaderName[];
  /** `/api/*` answers a foreign Origin with `Access-Control-Allow-Origin: <it>` and `…-Allow-Credentials: true`. */
  corsEchoesOrigin: boolean;
  /** `/ws` refuses an upgrade whose Origin is another site's (cross-site websocket hijacking). */
  wsChecksOrigin: boolean;
  /** Wrong passwords for one account are limited (platform/auth/login-limit.ts). */
  loginLimit: boolean;
  /** Where login tokens live, and whether they expire (platform/auth/token-store.ts). */
  tokens: TokenKeeping;
}

/** The profile's security traits (a copy: a caller may change it). */
export function securityTraits(profile: Profile): SecurityTraits {
  return { ...profile.security, pageHeaders: [...profile.security.pageHeaders] };
}
