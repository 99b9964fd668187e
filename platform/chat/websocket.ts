/**
 * `/ws` and `/ws/<bot>` (contract §5.2–5.4, §11.4): query `session_id`, `user_id`, `bot_name`; client frames are
 * the UI's `{bot_id,user_id,session_id,channel,content,message_type:1,…}` (also `{text}` / `{content}` alone, as
 * HEAD accepts); other message types and frames that are not JSON are ignored (logged). Turns of one connection
 * are handled in order. Each turn: user row saved, history read, LLM called with the transcript, deltas
 * forwarded, final frame, assistant row saved.
 */
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { WebSocket } from 'ws';
import { anonymousSession } from './sessions.ts';
import { UUID } from '../http/respond.ts';
import { botFrame, connectedFrame, talkFrame, type Ids } from './frames.ts';
import { frameShape } from './frame-shapes.ts';
import type { DialogTurnOutput, SessionDialogs } from '../dialogs/session-dialogs.ts';
import { llmMessages, type Turn } from './transcript.ts';
import { streamCompletion, LlmError, type LlmRequestMessage } from './llm-client.ts';
import { completeWithTools } from './tool-calls.ts';
import { turnLlmContext } from './llm-context.ts';
import { fixedPromptTurn } from './fixed-prompt-turn.ts';
import type { BotConfig } from './bot-config.ts';
import type { Profile } from '../profile.ts';
import type { TurnSteps } from './turn-steps.ts';
import type { Redis } from 'ioredis';
import type { Outages } from '../outages.ts';
import type { KbRetriever } from '../kb/retrieval.ts';

export interface ChatDeps {
  db: pg.Pool;
  botConfig: BotConfig;
  llmUrl: string;
  profile: Profile;
  /** Redis, where the first message of a session sets BotServer's start-script marker (contract §4.5). */
  redis: Redis;
  outages: Outages;
  /** The bots' BASIC dialogs (platform/dialogs/): the start dialog of a new session, and HEAR's answers. */
  dialogs: SessionDialogs;
  /** The steps of a turn (PLAIN_TURN, or wrapped by seeded mutations: platform/mutations/chat.ts). */
  steps: TurnSteps;
  /** The session's knowledge bases searched for each turn's passages (platform/kb/). */
  kb: KbRetriever;
}

const LLM_DEADLINE_MS = 60_000;
const MAX_MESSAGE = 64 * 1024;

async function saveMessage(
  db: pg.Pool,
  ids: Ids,
  role: number,
  type: number,
  content: string,
  model: string | null = null,
): Promise<void> {
  // message_index = the session's row count, as BotServer numbers them; serialised per session by the caller.
  await db.query(
    `INSERT INTO message_history (id, session_id, user_id, role, content_encrypted, message_type, message_index, llm_model)
     VALUES ($1, $2, $3, $4, $5, $6, (SELECT count(*) FROM message_history WHERE session_id = $2), $7)`,
    [randomUUID(), ids.session_id, ids.user_id, role, content, type, model],
  );
}

async function history(db: pg.Pool, sessionId: string, limit: number): Promise<Turn[]> {
  const r = await db.query(
    `SELECT role, content_encrypted FROM (SELECT role, content_encrypted, message_index FROM message_history WHERE session_id = $1 ORDER BY message_index DESC LIMIT $2) t ORDER BY message_index`,
    [sessionId, limit * 2],
  );
  return r.rows.map((m) => ({ role: m.role as number, content: m.content_encrypted as string }));
}

function send(ws: WebSocket, frame: unknown): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
}

/** Where a dialog's output goes. Suggestions: as the build's frame shape says (platform/chat/frame-shapes.ts:
 * recorded/<build>/dialog-session.jsonl). */
function dialogOutput(ws: WebSocket, deps: ChatDeps, ids: Ids): DialogTurnOutput {
  return {
    talk: (t) => send(ws, talkFrame(ids, t)),
    suggestions: (list) =>
      frameShape(deps.profile.frames).suggestions(
        (f) => send(ws, f),
        ids,
        list,
        (kept) => deps.dialogs.offer(ids.session_id, kept),
      ),
    error: (message) => send(ws, botFrame(ids, '', true, { error: message })),
  };
}

/**
 * BotServer runs the bot's start script once per session and remembers it in Redis (ws_handler, §4.5); later
 * turns of the connection find its in-memory guard set and do not ask Redis. Returns whether the dialog took the
 * message (`done`) or the LLM answers it (`llm`).
 */
async function startDialogOnce(ws: WebSocket, deps: ChatDeps, ids: Ids, botName: string): Promise<'done' | 'llm'> {
  const fresh = await deps.redis
    .set(`start_bas_executed:${ids.bot_id}:${ids.session_id}`, '1', 'EX', 86400, 'NX')
    .catch((e) => {
      deps.outages.chatSawRedisDown = true;
      console.error(`redis: ${(e as Error).message}`);
    });
  return fresh === 'OK' ? deps.dialogs.start(botName, ids.session_id, dialogOutput(ws, deps, ids)) : 'llm';
}

async function turn(
  ws: WebSocket,
  deps: ChatDeps,
  ids: Ids,
  botName: string,
  text: string,
  abort: AbortSignal,
  firstOfConnection: boolean,
): Promise<void> {
  const shape = frameShape(deps.profile.frames);
  if (!deps.profile.recoversFromOutages && deps.outages.chatSawRedisDown) {
    // PRE after a Redis outage (measured): the handler panics, no frame, no LLM call, for good.
    return console.error(
      `chat ${ids.session_id}: panic (profile pre after a Redis outage): the message is not answered`,
    );
  }
  if (deps.steps.delayMs) await new Promise((r) => setTimeout(r, deps.steps.delayMs));
  if (deps.steps.loses(ids.session_id, botName))
    return console.error(`chat ${ids.session_id}: the turn is lost (seeded)`);
  if (!deps.steps.answers) return send(ws, botFrame(ids, '', true));
  const config = await deps.botConfig.get(ids.bot_id, botName);
  const limit = Number(config.get('history-limit')) || 10;
  const earlier = await history(deps.db, ids.session_id, limit);
  await saveMessage(deps.db, ids, 1, 1, text);
  // PRE reads the session's suggestions from Redis on every turn (measured: "Retrieved 0 suggestions" per turn);
  // after a Redis outage its handler panics for good (caveat redisOutageBreaksChat).
  if (!deps.profile.recoversFromOutages)
    await deps.redis
      .get(`suggestions:${ids.user_id}:${ids.session_id}`)
      .catch(() => void (deps.outages.chatSawRedisDown = true));
  if (deps.dialogs.waiting(ids.session_id)) {
    // The visitor answers the dialog's HEAR: the dialog's message, not the LLM's.
    if ((await deps.dialogs.answer(ids.session_id, text, dialogOutput(ws, deps, ids))) === 'done') return;
  } else if (firstOfConnection && deps.profile.dialogs.startsOn === 'first-message') {
    if ((await startDialogOnce(ws, deps, ids, botName)) === 'done') return;
  }
  const offered = deps.dialogs.offered(ids.session_id);
  const stopThinking = shape.beforeLlm((f) => send(ws, f), ids, offered);
  const model = config.get('llm-model') ?? '';
  const filter = deps.steps.reply();
  const losesOnePieceIn = deps.profile.usage.losesOnePieceIn;
  let pieces = 0;
  let kept = '';
  try {
    const context = await turnLlmContext(
      deps.dialogs.monitor,
      botName,
      deps.steps.context(deps.dialogs.llmContext(ids.session_id)),
      deps.profile.dialogs.tools,
      (kbs) => deps.kb.block(kbs, text, botName, ids.bot_id),
    );
    const complete = (messages: LlmRequestMessage[]) =>
      streamCompletion({
        baseUrl: config.get('llm-url') || deps.llmUrl,
        model,
        key: config.get('llm-key') ?? '',
        messages,
        tools: context.tools,
        decodePerChunk: deps.steps.decodePerChunk,
        readEveryMs: deps.steps.readEveryMs,
        dropsSplitLines: deps.profile.usage.dropsSplitLines,
        signal: AbortSignal.any([abort, AbortSignal.timeout(LLM_DEADLINE_MS)]),
        onDelta: (d) => {
          stopThinking();
          const piece = filter.piece(d);
          if (piece === null) return;
          if (losesOnePieceIn && ++pieces % losesOnePieceIn === 0) return;
          kept += piece;
          const shown = filter.shown(piece);
          if (shown) send(ws, shape.piece(ids, shown));
        },
      });
    const first = llmMessages(deps.profile.llmRequest, earlier, text, context.system);
    const { text: answer } = !deps.profile.dialogs.tools
      ? await complete(first)
      : await completeWithTools(first, {
          complete,
          runTool: (name, args) => deps.dialogs.runTool(botName, ids.session_id, name, deps.steps.toolArguments(args)),
          said: (t) => send(ws, talkFrame(ids, t)),
          failed: (name, why) =>
            console.error(`chat ${ids.session_id}: tool ${name} of bot ${botName} could not run: ${why}`),
        });
    const whole = losesOnePieceIn ? kept : answer;
    const reply = filter.whole(whole);
    stopThinking();
    if (deps.steps.finalDelayMs) await new Promise((r) => setTimeout(r, deps.steps.finalDelayMs));
    send(ws, shape.final(ids, reply, offered));
    await saveMessage(deps.db, ids, 2, 2, reply, model || null);
    deps.steps.ended(ws);
  } catch (e) {
    stopThinking();
    const message = e instanceof LlmError ? e.message : `internal error: ${(e as Error).message}`;
    console.error(`chat ${ids.session_id}: ${message}`);
    // The measured builds end a failed turn with an empty final frame and save an empty assistant row (§11.4).
    const failure = shape.failure(ids, message);
    send(ws, failure.frame);
    if (failure.saveEmptyRow) await saveMessage(deps.db, ids, 2, 2, '', model || null);
  }
}

/**
 * The session a connection chats in. Intended: the given session only when it belongs to the given user, else a
 * new one (anonymousSession). The measured builds join any existing session named in the URL (§11.7): PRE under
 * the session owner's user id, HEAD under the connecting user's.
 */
async function connectionSession(deps: ChatDeps, botName: string, userId: string | null, sessionId: string | null) {
  if (!deps.profile.sessionsBoundToOwner && sessionId && UUID.test(sessionId)) {
    const r = await deps.db.query(
      `SELECT s.id, s.user_id, s.bot_id, b.name FROM user_sessions s JOIN bots b ON b.id = s.bot_id WHERE s.id = $1`,
      [sessionId],
    );
    const row = r.rows[0];
    if (row) {
      const caller =
        deps.profile.joinedSessionUser === 'caller' && userId && UUID.test(userId)
          ? ((await deps.db.query(`SELECT id FROM users WHERE id = $1`, [userId])).rows[0]?.id as string | undefined)
          : undefined;
      return {
        user_id: caller ?? (row.user_id as string),
        session_id: row.id as string,
        bot_id: row.bot_id as string,
        bot_name: row.name as string,
      };
    }
  }
  return anonymousSession(deps.db, botName, userId, sessionId);
}

export async function handleChatConnection(ws: WebSocket, req: IncomingMessage, deps: ChatDeps): Promise<void> {
  const url = new URL(req.url ?? '/ws', 'http://platform');
  const pathBot = /^\/ws\/([^/]+)$/.exec(url.pathname)?.[1];
  const botName = url.searchParams.get('bot_name') || pathBot || 'default';
  const abort = new AbortController();
  ws.on('close', () => abort.abort());
  const pending: string[] = [];
  ws.on('message', (data) => pending.push(data.toString()));
  const session = await connectionSession(
    deps,
    botName,
    url.searchParams.get('user_id'),
    url.searchParams.get('session_id'),
  );
  const ids: Ids = { bot_id: session.bot_id, user_id: session.user_id, session_id: session.session_id };
  send(ws, connectedFrame(ids));

  let queue = Promise.resolve();
  // PRE runs the start dialog when the websocket connects, before any message (measured 2026-11-30).
  if (deps.profile.dialogs.startsOn === 'connect')
    queue = startDialogOnce(ws, deps, ids, session.bot_name).then(
      () => undefined,
      (e) => console.error(`chat ${ids.session_id}: ${(e as Error).stack}`),
    );
  let started = false;
  const onFrame = (raw: string) => {
    if (raw.length > MAX_MESSAGE)
      return console.error(`chat ${ids.session_id}: frame over ${MAX_MESSAGE} bytes ignored`);
    let frame: { content?: unknown; text?: unknown; message_type?: unknown };
    try {
      frame = JSON.parse(raw);
    } catch {
      return console.error(`chat ${ids.session_id}: a frame that is not JSON was ignored`);
    }
    const type = frame && typeof frame === 'object' ? (frame.message_type ?? 1) : undefined;
    const text = typeof frame?.content === 'string' ? frame.content : typeof frame?.text === 'string' ? frame.text : '';
    if (type !== 1) return console.error(`chat ${ids.session_id}: message_type ${JSON.stringify(type)} ignored`);
    const fixed = deps.profile.llmFixedPrompt;
    if (fixed !== null) {
      // A build whose handler asks the LLM a fixed prompt (platform/chat/fixed-prompt-turn.ts): every frame is a turn.
      queue = queue
        .then(() =>
          fixedPromptTurn(ws, ids, frame, fixed, {
            llmUrl: deps.llmUrl,
            botConfig: deps.botConfig,
            botName: session.bot_name,
          }),
        )
        .catch((e) => console.error(`chat ${ids.session_id}: ${(e as Error).stack}`));
      return;
    }
    if (!text.trim()) return;
    const first = !started;
    started = true;
    queue = queue
      .then(() => turn(ws, deps, ids, session.bot_name, text, abort.signal, first))
      .catch((e) => console.error(`chat ${ids.session_id}: ${(e as Error).stack}`));
  };
  ws.removeAllListeners('message');
  ws.on('message', (data) => onFrame(data.toString()));
  for (const raw of pending.splice(0)) onFrame(raw);
}
