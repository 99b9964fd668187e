/**
 * Build profiles of the reference platform (REFERENCE_PROFILE): `intended` is the contract as intended (DESIGN.md),
 * `pre` and `head` reproduce what was measured on the real builds PRE `2c79f29a` and HEAD `f59afde5`
 * (contract §11.3–§11.7): their routes, websocket frames, LLM request shape, what botui shows, and their recorded
 * bugs. They exist so that the suite's known-bug checks (fixtures/caveats.ts) run in every CI run without a real
 * build. A profile is a reproduction of measured behaviour, not BotServer.
 */
export type ProfileName = 'intended' | 'pre' | 'head';
export const PROFILE_NAMES: readonly ProfileName[] = ['intended', 'pre', 'head'];

export interface Profile {
  name: ProfileName;
  /** POST /api/auth/login (and /refresh) and GET /api/auth/me are routed (HEAD: 404 for each, caveat 2). */
  loginRoutes: boolean;
  /** POST /api/auth/logout answers 401 whatever the token, and the token keeps working (caveat 5). */
  logoutAlways401: boolean;
  /** GET /api/sessions and /api/sessions/:id/history are routed (HEAD: 405 and 404). */
  sessionsRoutes: boolean;
  /** Any non-empty bearer passes protected routes (caveat 4), and any session's history is readable (§11.3). */
  anyBearer: boolean;
  /** A websocket naming another user's session id joins that session (§11.7); intended: it gets a session of its own. */
  sessionsBoundToOwner: boolean;
  /** Whose user id a joined session's turns are stored under (§11.7): PRE the session owner's, HEAD the caller's. */
  joinedSessionUser: 'owner' | 'caller';
  /** Websocket frames: `intended` (thinking, deltas, final repeating the answer, `error` on a failure),
   * `pre` (deltas, final repeating the answer, empty final on a failure), `head` (keep-alives, thinking every 2 s
   * while the LLM is silent, deltas, empty final; `suggestions`/`switchers` on every frame). */
  frames: ProfileName;
  /** LLM request `messages`: `flattened` (one user message holding the transcript, HEAD §5.7) or `twice`
   * (system, history, the current user turn twice: PRE §11.4). */
  llmRequest: 'flattened' | 'twice';
  /** `status` of GET /api/auth (§11.6). */
  anonymousStatus: 'authenticated' | 'anonymous';
  /** Recovers from outages of its services. PRE (measured 2026-11-26) does not: after a PostgreSQL outage
   * GET /api/auth answers 500 "Failed to create user" for good; after a Redis outage no message is answered. */
  recoversFromOutages: boolean;
  /** BASIC dialogs (contract §11.8; platform/dialogs/): `hearFails` — every HEAR, with AS or without, fails when the
   * dialog starts ("Expecting 'AS' for 'HEAR' expression"; PRE and HEAD, measured 2026-11-30); `syntaxErrors` —
   * `reported` (intended: refused at compile, logged with file and line, the visitor told) or `silent` (the builds: logged when the dialog starts, the message goes to the LLM); `newBuckets` —
   * `scanned` (a bucket created while running becomes a bot, HEAD) or `at-start` (PRE: bots found at start only);
   * `startsOn` — the start dialog runs on the session's `first-message` (contract §5.4) or when the websocket
   * `connect`s (PRE, measured 2026-11-30); `refuses` — statements the build cannot run, by their kind
   * (platform/dialogs/session-dialogs.ts refusalKey), with the build's message: a dialog holding one fails when it
   * starts, none of it shown (as a syntax error there); `tools` — whether the LLM is offered the session's tools and a
   * tool call runs the tool dialog. */
  dialogs: { hearFails: boolean; syntaxErrors: 'reported' | 'silent'; newBuckets: 'scanned' | 'at-start'; startsOn: 'first-message' | 'connect'; refuses: Readonly<Record<string, Refusal>>; tools: boolean };
}

/** A statement a build cannot run: its message, and when the dialog fails — when it `start`s (a compile error:
 * nothing of it runs) or when the statement is `reached` (what comes before it has run). */
export interface Refusal {
  message: string;
  when: 'start' | 'reached';
}

/** What PRE refuses (recorded/pre/dialog-session.jsonl; contract §11.8; scripts/bots-census.ts on bots/, 2026-12-02). */
const PRE_REFUSES: Record<string, Refusal> = {
  'clear-suggestions': { message: "Syntax error: Expecting 'KB' for 'CLEAR' expression", when: 'start' },
  'add-tool': { message: "Syntax error: Expecting 'BOT' for 'ADD' expression", when: 'start' },
  'set-context': { message: "Syntax error: Expecting 'MODEL' for 'SET' expression", when: 'start' },
  'suggest-as': { message: "Syntax error: Expecting ';' to terminate this statement", when: 'start' },
};
/** What HEAD refuses (recorded/head/dialog-session.jsonl; issue 27; scripts/bots-census.ts on bots/, 2026-12-02). */
const HEAD_REFUSES: Record<string, Refusal> = {
  'clear-suggestions': { message: 'Function not found: CLEAR_SUGGESTIONS ()', when: 'reached' },
  'add-tool': { message: "Syntax error: Expecting 'BOT' for 'ADD' expression", when: 'start' },
  'set-context': { message: "Syntax error: Expecting 'MODEL' for 'SET' expression", when: 'start' },
  'suggest-as': { message: "Syntax error: Expecting ';' to terminate this statement", when: 'start' },
};

const PROFILES: Record<ProfileName, Profile> = {
  intended: { name: 'intended', loginRoutes: true, logoutAlways401: false, sessionsRoutes: true, anyBearer: false, sessionsBoundToOwner: true, joinedSessionUser: 'caller', frames: 'intended', llmRequest: 'flattened', anonymousStatus: 'anonymous', recoversFromOutages: true, dialogs: { hearFails: false, syntaxErrors: 'reported', newBuckets: 'scanned', startsOn: 'first-message', refuses: {}, tools: true } },
  pre: { name: 'pre', loginRoutes: true, logoutAlways401: true, sessionsRoutes: true, anyBearer: true, sessionsBoundToOwner: false, joinedSessionUser: 'owner', frames: 'pre', llmRequest: 'twice', anonymousStatus: 'authenticated', recoversFromOutages: false, dialogs: { hearFails: true, syntaxErrors: 'silent', newBuckets: 'at-start', startsOn: 'connect', refuses: PRE_REFUSES, tools: false } },
  head: { name: 'head', loginRoutes: false, logoutAlways401: true, sessionsRoutes: false, anyBearer: true, sessionsBoundToOwner: false, joinedSessionUser: 'caller', frames: 'head', llmRequest: 'flattened', anonymousStatus: 'anonymous', recoversFromOutages: true, dialogs: { hearFails: true, syntaxErrors: 'silent', newBuckets: 'scanned', startsOn: 'first-message', refuses: HEAD_REFUSES, tools: false } },
};

export function isProfileName(v: string): v is ProfileName {
  return (PROFILE_NAMES as readonly string[]).includes(v);
}

export function profile(name: ProfileName): Profile {
  return PROFILES[name];
}

/**
 * Mutations of the reference platform (REFERENCE_MUTATIONS, comma-separated), for the project's own tests that
 * prove the suite catches them: a regression seeded into a profile, or a recorded bug "fixed" under one.
 */
export const MUTATIONS = {
  'drop-every-second-delta': 'a regression: every second streamed piece is not forwarded (the final frame is unchanged)',
  'logout-works': 'a fix: logout invalidates the token even under the pre and head profiles (caveat 5 gone)',
  'health-ignores-database': 'a regression: /api/health answers database:true without asking the database',
  'hear-ignores-answer': 'a regression: a dialog\'s HEAR stores an empty value whatever the visitor answered',
  'unnamed-button': 'a regression: the chat\'s send button has no accessible name (no text, title or aria-label)',
  'focus-trap': 'a regression: Tab and Shift+Tab on the first field of a page (login e-mail, chat message) keep the focus there',
  'fixed-width-layout': 'a regression: the chat window and the login card are 960 px wide, wider than a phone',
  // Security regressions (platform/security-profile.ts):
  'unescaped-reply': 'a regression: the chat page inserts an LLM reply as HTML (its markup runs as script)',
  'no-csp': 'a regression: pages are served without a Content-Security-Policy',
  'cors-echoes-origin': 'a regression: /api/* grants any Origin with credentials (CORS)',
  'ws-accepts-any-origin': 'a regression: /ws accepts an upgrade from a page of another site',
  'no-login-limit': 'a regression: wrong passwords for one account are never slowed or refused',
  'tokens-never-expire': 'a regression: login tokens are kept without an expiry',
  'dead-chat': 'a regression: the server reads the message from a field the UI does not send, so every turn ends at once with an empty final frame and the LLM is never called',
  'no-bot-id': 'a regression: GET /api/auth answers without bot_id (the bot and its rows are still there)',
  'half-fixed-login': 'a half fix: POST /api/auth/login is routed and answers 200 with a token, but `me` and the protected routes do not accept that token',
  'doubled-final-text': 'a regression of the page: the final frame\'s text is appended to the streamed reply again',
  'close-websocket-after-turn': 'a regression: the server closes the websocket after every turn (the page reconnects)',
  'truncate-reply-200': 'a regression: a reply is cut to its first 200 characters (shown and stored)',
  'drop-early-message': 'a regression of the page: a message sent before the chat has its session is dropped without a word',
  // LLM-first dialogs (platform/dialogs/, platform/chat/llm-context.ts):
  'tools-not-offered': 'a regression: the session\'s tools (ADD TOOL) are not sent to the LLM',
  'context-left-out': 'a regression: SET CONTEXT\'s text is left out of the LLM\'s system prompt',
  'talk-block-split': 'a regression: a BEGIN TALK block is sent as one message per line',
  'suggestion-sends-label': 'a regression: a button of ADD SUGGESTION "value" AS "label" sends its label instead of its value',
  'clear-suggestions-ignored': 'a regression: CLEAR SUGGESTIONS removes nothing',
} as const;
export type Mutation = keyof typeof MUTATIONS;

export function parseMutations(raw: string | undefined): Set<Mutation> {
  const names = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(n in MUTATIONS));
  if (unknown.length) throw new Error(`REFERENCE_MUTATIONS: unknown ${unknown.join(', ')}; known: ${Object.keys(MUTATIONS).join(', ')}`);
  return new Set(names as Mutation[]);
}

/** The profile with the mutations that change it applied. */
export function mutate(p: Profile, mutations: Set<Mutation>): Profile {
  return mutations.has('logout-works') ? { ...p, logoutAlways401: false } : p;
}
