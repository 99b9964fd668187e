/**
 * What the suite knows of each General Bots build, kept as data: one JSON file per recorded build in this folder
 * (`builds/<name>.json`), read by everything that needs to know a build — the build probe
 * (fixtures/build-probe.ts), the known-bug checks (fixtures/caveats.ts: which caveats hold for a build), the
 * reference platform's profiles (platform/profile.ts: one per record, reproducing it), the project tests and the
 * workflow's profile legs (scripts/build-legs.ts). Adding a build is adding its record (and the caveats it measured
 * to fixtures/caveats.ts); nothing else names a build. See docs/builds.md.
 *
 * This file is the bottom of the house: it imports nothing of the project. BUILD_RECORDS_DIR names another folder
 * of records (for the project's tests, or a developer's own records beside the shipped ones).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a build does that the suite adapts to, measured from outside (contract §11.6, §11.7). The probe can see the
 * first seven on any running build (fixtures/build-probe.ts); the last two it takes from the record. */
export interface BuildTraits {
  /** POST /api/auth/login is routed (not 404/405). */
  loginRoute: boolean;
  /** GET /api/sessions is routed (HEAD: 405 with a bearer). */
  sessionsRoute: boolean;
  /** GET /api/auth's `status` for a visitor (§11.6). */
  anonymousStatus: 'authenticated' | 'anonymous';
  /** GET /api/auth's answer carries the bot's `bot_id` (§5.1). */
  authGivesBotId: boolean;
  /** A first turn's LLM request carries the visitor's text (§5.7). */
  visitorTextReachesLlm: boolean;
  /** The final frame of a turn repeats the whole answer (PRE) rather than being empty (HEAD) (§5.4, §11.6). */
  finalRepeatsAnswer: boolean;
  /** The build sends `thinking` frames while the LLM is silent (HEAD, and the intended contract; not PRE). */
  sendsThinking: boolean;
  /** A bucket `<name>.gbai` created while the server runs becomes a bot (HEAD's periodic scan, §11.8); PRE finds
   * bots at start only (caveat newBotNotDiscovered), so bot specs there use slot bots (stack/bot-slots.ts). */
  newBotsAtRuntime: boolean;
  /** The page renders a stream as botui does: the first piece as an empty placeholder, later pieces at most every
   * 200 ms of page time (botui chat-messages.js); the reference page under `intended` draws each piece at once. */
  botuiRendering: boolean;
}

/** The traits the probe measures on a running build (the rest come from the record). */
export const MEASURED_TRAITS = ['loginRoute', 'sessionsRoute', 'anonymousStatus', 'authGivesBotId', 'visitorTextReachesLlm', 'finalRepeatsAnswer'] as const satisfies readonly (keyof BuildTraits)[];
export type MeasuredTrait = (typeof MEASURED_TRAITS)[number];

/** A statement a build cannot run, and when its dialog fails: when it `start`s (nothing of it runs) or when the
 * statement is `reached` (what comes before it has run). */
export interface Refusal {
  message: string;
  when: 'start' | 'reached';
}

/**
 * How the reference platform reproduces the build (its profile; platform/profile.ts documents each field).
 * `frames` names a frame shape of platform/chat/frames.ts: `intended` (thinking, deltas, final repeating the answer,
 * `error` on a failure), `answer-in-final` (deltas, final repeating the answer, empty final on a failure),
 * `keep-alive` (keep-alives, thinking every 2 s while the LLM is silent, deltas, empty final).
 */
export interface Reproduction {
  loginRoutes: boolean;
  logoutAlways401: boolean;
  sessionsRoutes: boolean;
  anyBearer: boolean;
  sessionsBoundToOwner: boolean;
  joinedSessionUser: 'owner' | 'caller';
  authGivesBotId: boolean;
  /** GET /api/bot/config is routed (botui asks it on every load for the bot's theme; 4976864a: 404). */
  botConfigRoute: boolean;
  frames: 'intended' | 'answer-in-final' | 'keep-alive';
  llmRequest: 'flattened' | 'twice';
  /** null: the visitor's text goes to the LLM (§5.7). Else the build's handler reads the message from `text`, which
   * the UI does not send, and asks the LLM this prompt (`{text}`: that empty text) unstreamed with no model, answers in
   * one final frame and stores nothing (platform/chat/fixed-prompt-turn.ts; 4976864a). */
  llmFixedPrompt: string | null;
  anonymousStatus: 'authenticated' | 'anonymous';
  recoversFromOutages: boolean;
  dialogs: { hearFails: boolean; syntaxErrors: 'reported' | 'silent'; newBuckets: 'scanned' | 'at-start'; startsOn: 'first-message' | 'connect'; refuses: Record<string, Refusal>; tools: boolean };
  security: { replyAsHtml: boolean; pageHeaders: ('content-security-policy' | 'x-content-type-options' | 'x-frame-options' | 'referrer-policy')[]; corsEchoesOrigin: boolean; wsChecksOrigin: boolean; loginLimit: boolean; tokens: 'redis' | 'memory' | 'redis-no-expiry' };
  usage: { losesOnePieceIn: number; dropsSplitLines: boolean; dropsEarlyMessage: boolean; dropsOfflineMessage: boolean };
  /** `botui`: the page is made as botui's was measured (unnamed buttons, no live region, its theme; page-traits.js). */
  page: 'intended' | 'botui';
  /** Knowledge bases (§11.10), where measured; absent: as intended. `configReadOnce`: a bot's embedding and vector
   * store settings are read once, when its bucket is found, before its config.csv is synced (caveat kbConfigReadOnce). */
  kb?: { configReadOnce: boolean };
}

export interface BuildRecord {
  /** The file's name without `.json`: what REFERENCE_PROFILE and the report call it. */
  name: string;
  /** How people call it (PRE, HEAD, …). */
  title: string;
  /** The General Bots commits it holds for (full or ≥ 7-character hashes); empty for `intended`. */
  commits: string[];
  /** The commit's date (ISO), or null. */
  date: string | null;
  /** When and how it was measured. */
  measured: string;
  traits: BuildTraits;
  reference: Reproduction;
  /** The caveats (fixtures/caveats.ts) measured on this build, each with how it showed there. */
  caveats: Record<string, string>;
}

/** The folder of the shipped records. */
export const SHIPPED_RECORDS = dirname(fileURLToPath(import.meta.url));
export const RECORDS_ENV = 'BUILD_RECORDS_DIR';

const TRAIT_VALUES: Record<keyof BuildTraits, readonly unknown[]> = {
  loginRoute: [true, false], sessionsRoute: [true, false], anonymousStatus: ['authenticated', 'anonymous'], authGivesBotId: [true, false],
  visitorTextReachesLlm: [true, false], finalRepeatsAnswer: [true, false], sendsThinking: [true, false], newBotsAtRuntime: [true, false], botuiRendering: [true, false],
};
const REPRODUCTION_KEYS: (keyof Reproduction)[] = ['loginRoutes', 'logoutAlways401', 'sessionsRoutes', 'anyBearer', 'sessionsBoundToOwner', 'joinedSessionUser', 'authGivesBotId', 'botConfigRoute', 'frames', 'llmRequest', 'llmFixedPrompt', 'anonymousStatus', 'recoversFromOutages', 'dialogs', 'security', 'usage', 'page'];

/** A record file that is not a record: names the file and what is wrong. */
export class BuildRecordError extends Error {}

function check(file: string, raw: unknown): BuildRecord {
  const fail = (what: string): never => {
    throw new BuildRecordError(`${file}: ${what} (see builds/records.ts BuildRecord, and builds/head.json for an example)`);
  };
  if (!raw || typeof raw !== 'object') fail('not a JSON object');
  const r = raw as Partial<BuildRecord>;
  const name = basename(file, '.json');
  if (r.name !== name) fail(`"name" is ${JSON.stringify(r.name)}, but the file is named ${name}.json`);
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) fail('the name must be lower-case letters, digits and dashes');
  if (typeof r.title !== 'string' || typeof r.measured !== 'string') fail('"title" and "measured" must be strings');
  if (!Array.isArray(r.commits) || r.commits.some((c) => typeof c !== 'string' || !/^[0-9a-f]{7,40}$/.test(c))) fail('"commits" must be a list of hashes (7 to 40 hex digits)');
  for (const [k, values] of Object.entries(TRAIT_VALUES)) {
    if (!values.includes((r.traits as unknown as Record<string, unknown>)?.[k])) fail(`traits.${k} must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  const extra = Object.keys(r.traits ?? {}).filter((k) => !(k in TRAIT_VALUES));
  if (extra.length) fail(`unknown traits ${extra.join(', ')}`);
  const missing = REPRODUCTION_KEYS.filter((k) => !(k in (r.reference ?? {})));
  if (missing.length) fail(`reference lacks ${missing.join(', ')}`);
  if (!r.caveats || typeof r.caveats !== 'object' || Object.values(r.caveats).some((v) => typeof v !== 'string')) fail('"caveats" must map caveat names to how each showed');
  return r as BuildRecord;
}

/** Reads and checks every `*.json` record of `dir`. Throws BuildRecordError naming the file at the first bad one. */
export function readRecords(dir: string): BuildRecord[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  } catch (e) {
    throw new BuildRecordError(`${RECORDS_ENV}=${dir}: cannot read that folder (${(e as Error).message}); point it at a folder of build records or unset it`);
  }
  return files.map((f) => {
    const path = join(dir, f);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new BuildRecordError(`${path}: not JSON (${(e as Error).message})`);
    }
    return check(path, raw);
  });
}

let cached: { key: string; records: BuildRecord[] } | undefined;

/**
 * Every recorded build: the shipped records, and those of BUILD_RECORDS_DIR when it is set (a record there
 * replaces a shipped one of the same name). `intended` (the contract as intended) is always among them.
 */
export function buildRecords(env: NodeJS.ProcessEnv = process.env): BuildRecord[] {
  const extra = env[RECORDS_ENV] || '';
  if (cached?.key === extra) return cached.records;
  const byName = new Map(readRecords(SHIPPED_RECORDS).map((r) => [r.name, r]));
  if (extra) for (const r of readRecords(extra)) byName.set(r.name, r);
  if (!byName.has('intended')) throw new BuildRecordError(`${SHIPPED_RECORDS}/intended.json is missing: the contract as intended is a record too`);
  const records = [...byName.values()].sort((a, b) => (a.name === 'intended' ? -1 : b.name === 'intended' ? 1 : (a.date ?? '').localeCompare(b.date ?? '') || a.name.localeCompare(b.name)));
  cached = { key: extra, records };
  return records;
}

/** The record named `name`; throws naming the known ones. */
export function buildRecord(name: string, env: NodeJS.ProcessEnv = process.env): BuildRecord {
  const r = buildRecords(env).find((x) => x.name === name);
  if (!r) throw new BuildRecordError(`no build record "${name}": recorded are ${buildRecords(env).map((x) => x.name).join(', ')} (builds/*.json)`);
  return r;
}

/** The record whose commits match `commit` (a full or ≥ 7-character hash, either way round), if any. */
export function recordOfCommit(commit: string, env: NodeJS.ProcessEnv = process.env): BuildRecord | undefined {
  if (commit.length < 7) return undefined;
  return buildRecords(env).find((r) => r.commits.some((c) => c.startsWith(commit) || commit.startsWith(c)));
}

/** The records of real builds (every record but `intended`). */
export function realBuildRecords(env: NodeJS.ProcessEnv = process.env): BuildRecord[] {
  return buildRecords(env).filter((r) => r.name !== 'intended');
}
