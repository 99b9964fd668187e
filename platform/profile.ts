/**
 * Build profiles of the reference platform (REFERENCE_PROFILE): one per build record (builds/<name>.json, its
 * `reference` part): `intended` is the contract as intended (DESIGN.md); every other record reproduces what was
 * measured on that real build (contract §11.3–§11.7): its routes, websocket frames, LLM request shape, what botui
 * shows, and its recorded bugs. They exist so that the suite's known-bug checks (fixtures/caveats.ts) run in every
 * CI run without a real build. A profile is a reproduction of measured behaviour, not BotServer.
 */
import { buildRecord, buildRecords, type Refusal, type Reproduction } from '../builds/records.ts';

export type { Refusal };
/** A build record's name (builds/*.json). */
export type ProfileName = string;

/** The profiles there are: one per build record, `intended` first. */
export function profileNames(env: NodeJS.ProcessEnv = process.env): string[] {
  return buildRecords(env).map((r) => r.name);
}

/**
 * A profile: the record's reproduction (builds/records.ts Reproduction), by field —
 * `loginRoutes`: POST /api/auth/login (and /refresh) and GET /api/auth/me are routed (HEAD: 404, caveat 2);
 * `logoutAlways401`: logout answers 401 whatever the token, which keeps working (caveat 5);
 * `sessionsRoutes`: GET /api/sessions and /api/sessions/:id/history are routed (HEAD: 405 and 404);
 * `anyBearer`: any non-empty bearer passes protected routes (caveat 4), any session's history is readable (§11.3);
 * `sessionsBoundToOwner`: a websocket naming another user's session id gets a session of its own (§11.7);
 * `joinedSessionUser`: whose user id a joined session's turns are stored under (PRE the owner's, HEAD the caller's);
 * `authGivesBotId`: GET /api/auth's answer carries bot_id (§5.1);
 * `frames`: the websocket frame shape (platform/chat/frames.ts);
 * `llmRequest`: `flattened` (one user message holding the transcript, HEAD §5.7) or `twice` (system, history, the
 * current user turn twice: PRE §11.4); `llmFixedPrompt`: a fixed prompt sent instead of the visitor's text;
 * `anonymousStatus`: `status` of GET /api/auth (§11.6);
 * `recoversFromOutages`: PRE does not (after a PostgreSQL outage GET /api/auth answers 500 for good; after a Redis
 * outage no message is answered);
 * `dialogs` (contract §11.8; platform/dialogs/): `hearFails` — every HEAR fails when the dialog starts;
 * `syntaxErrors` — `reported` (refused at compile, logged with file and line, the visitor told) or `silent`;
 * `newBuckets` — `scanned` (a bucket created while running becomes a bot) or `at-start`; `startsOn` — the start
 * dialog runs on the session's `first-message` (§5.4) or when the websocket `connect`s (PRE); `refuses` — statements
 * the build cannot run, by kind (platform/dialogs/session-dialogs.ts refusalKey), with the build's message; `tools` —
 * whether the LLM is offered the session's tools;
 * `security`, `usage`, `page`: platform/security-profile.ts; `usage` — `losesOnePieceIn`: every n-th streamed
 * piece lost (a stand-in for a data: line cut across chunks, which a local stream rarely is), `dropsSplitLines`:
 * the LLM stream parsed per network chunk (a data: line cut across two is dropped), `dropsEarlyMessage` /
 * `dropsOfflineMessage`: the page shows a message sent before the chat connects / while it is disconnected but never
 * sends it; `page`: public/suite/js/page-traits.js.
 */
export interface Profile extends Reproduction {
  name: ProfileName;
  /** The page renders a stream as botui does (the record's trait botuiRendering). */
  botuiRendering: boolean;
}

export function isProfileName(v: string, env: NodeJS.ProcessEnv = process.env): v is ProfileName {
  return profileNames(env).includes(v);
}

/** The profile of the record `name`; throws (naming the records) when there is none. */
export function profile(name: ProfileName): Profile {
  const r = buildRecord(name);
  return { name: r.name, ...structuredClone(r.reference), botuiRendering: r.traits.botuiRendering };
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
  'unnamed-button': 'a regression: the chat\'s send button loses its accessible name (text, title, aria-label) once a message was sent',
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
  'decode-per-chunk': 'a regression: each network chunk of the LLM stream is decoded on its own (a character cut between chunks shows as U+FFFD)',
  'double-send-after-reconnect': 'a regression of the page: after the websocket reconnected, each message is sent twice',
  'drop-offline-message': 'a regression of the page: a message sent while the websocket is down is shown but never sent',
  'unescaped-talk': 'a regression of the page: a dialog\'s TALK is inserted as HTML (its markup runs), while LLM replies stay escaped',
  'signout-keeps-session-token': 'a regression of the page: Sign Out forgets the token in localStorage only (sessionStorage keeps it)',
  'late-auth-decision': 'a page that decides its Sign In / Sign Out label a second after loading (as botui does after 500 ms): a check that reads its static HTML judges a half-loaded page',
  'placeholder-only-name': 'a regression of the page: the message box loses its aria-label (its placeholder is its only name)',
  'doubled-greeting': 'a regression: a dialog\'s first TALK is said twice (a new session is greeted twice)',
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
  return { ...p, ...(mutations.has('logout-works') ? { logoutAlways401: false } : {}), ...(mutations.has('no-bot-id') ? { authGivesBotId: false } : {}) };
}
