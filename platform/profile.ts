/**
 * Build profiles of the reference platform (REFERENCE_PROFILE): one per build record (builds/<name>.json, its
 * `reference` part): `intended` is the contract as intended (docs/design.md#what-the-suite-asserts); every other record
 * reproduces what was measured on that real build (contract §11.3–§11.7): its routes, websocket frames, LLM request
 * shape, what botui shows, and its recorded bugs. They exist so that the suite's known-bug checks (fixtures/caveats.ts)
 * run in every CI run without a real build. A profile is a reproduction of measured behaviour, not BotServer.
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
