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
import { botFrame, connectedFrame, type Ids } from './frames.ts';
import { flattenTranscript, type Turn } from './transcript.ts';
import { streamCompletion, LlmError } from './llm-client.ts';
import type { BotConfig } from './bot-config.ts';

export interface ChatDeps {
  db: pg.Pool;
  botConfig: BotConfig;
  llmUrl: string;
}

const LLM_DEADLINE_MS = 60_000;
const MAX_MESSAGE = 64 * 1024;

async function saveMessage(db: pg.Pool, ids: Ids, role: number, type: number, content: string, model: string | null = null): Promise<void> {
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

async function turn(ws: WebSocket, deps: ChatDeps, ids: Ids, botName: string, text: string, abort: AbortSignal): Promise<void> {
  const config = await deps.botConfig.get(ids.bot_id, botName);
  const limit = Number(config.get('history-limit')) || 10;
  const earlier = await history(deps.db, ids.session_id, limit);
  await saveMessage(deps.db, ids, 1, 1, text);
  send(ws, botFrame(ids, '', false, { thinking: true }));
  const model = config.get('llm-model') ?? '';
  try {
    const answer = await streamCompletion({
      baseUrl: config.get('llm-url') || deps.llmUrl,
      model,
      key: config.get('llm-key') ?? '',
      prompt: flattenTranscript(earlier, text),
      signal: AbortSignal.any([abort, AbortSignal.timeout(LLM_DEADLINE_MS)]),
      onDelta: (d) => send(ws, botFrame(ids, d, false)),
    });
    send(ws, botFrame(ids, answer, true));
    await saveMessage(deps.db, ids, 2, 2, answer, model || null);
  } catch (e) {
    const message = e instanceof LlmError ? e.message : `internal error: ${(e as Error).message}`;
    console.error(`chat ${ids.session_id}: ${message}`);
    send(ws, botFrame(ids, '', true, { error: message }));
  }
}

export async function handleChatConnection(ws: WebSocket, req: IncomingMessage, deps: ChatDeps): Promise<void> {
  const url = new URL(req.url ?? '/ws', 'http://platform');
  const pathBot = /^\/ws\/([^/]+)$/.exec(url.pathname)?.[1];
  const botName = url.searchParams.get('bot_name') || pathBot || 'default';
  const abort = new AbortController();
  ws.on('close', () => abort.abort());
  const pending: string[] = [];
  ws.on('message', (data) => pending.push(data.toString()));
  const session = await anonymousSession(deps.db, botName, url.searchParams.get('user_id'), url.searchParams.get('session_id'));
  const ids: Ids = { bot_id: session.bot_id, user_id: session.user_id, session_id: session.session_id };
  send(ws, connectedFrame(ids));

  let queue = Promise.resolve();
  const onFrame = (raw: string) => {
    if (raw.length > MAX_MESSAGE) return console.error(`chat ${ids.session_id}: frame over ${MAX_MESSAGE} bytes ignored`);
    let frame: { content?: unknown; text?: unknown; message_type?: unknown };
    try {
      frame = JSON.parse(raw);
    } catch {
      return console.error(`chat ${ids.session_id}: a frame that is not JSON was ignored`);
    }
    const type = frame && typeof frame === 'object' ? (frame.message_type ?? 1) : undefined;
    const text = typeof frame?.content === 'string' ? frame.content : typeof frame?.text === 'string' ? frame.text : '';
    if (type !== 1) return console.error(`chat ${ids.session_id}: message_type ${JSON.stringify(type)} ignored`);
    if (!text.trim()) return;
    queue = queue.then(() => turn(ws, deps, ids, session.bot_name, text, abort.signal)).catch((e) => console.error(`chat ${ids.session_id}: ${(e as Error).stack}`));
  };
  ws.removeAllListeners('message');
  ws.on('message', (data) => onFrame(data.toString()));
  for (const raw of pending.splice(0)) onFrame(raw);
}
