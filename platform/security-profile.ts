/**
 * What each build profile does where an attacker looks (issue 20; contract §11.8 and the measurements recorded in
 * fixtures/caveats.ts): how the chat page inserts a reply, which security headers the pages and the API send,
 * whether `/ws` checks the Origin, whether logins are limited, and where tokens live. `intended` is the secure
 * behaviour; `pre` and `head` reproduce what was measured on those builds through botui. The security mutations of
 * REFERENCE_MUTATIONS (platform/profile.ts) each break one of these under any profile, for the project's tests.
 */
import type { Mutation, ProfileName } from './profile.ts';

export interface SecurityTraits {
  /** The chat page inserts a reply as HTML, as botui does (§11.8: a reply's `<img onerror>` runs); intended: text. */
  replyAsHtml: boolean;
}

const TRAITS: Record<ProfileName, SecurityTraits> = {
  intended: { replyAsHtml: false },
  pre: { replyAsHtml: true },
  head: { replyAsHtml: true },
};

/** The profile's security traits with the security mutations applied. */
export function securityTraits(profile: ProfileName, mutations: Set<Mutation>): SecurityTraits {
  const t = { ...TRAITS[profile] };
  if (mutations.has('unescaped-reply')) t.replyAsHtml = true;
  return t;
}
