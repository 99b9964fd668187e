/**
 * Virtual users for the chat benchmark: each opens an anonymous session (GET /api/auth), connects the websocket as
 * the UI does (fixtures/chat-client.ts) and sends its turns one after another with unique texts (real builds cache
 * answers). Per turn: time to the first reply frame (a bot frame with content) and to the final
 * (`is_complete`) frame; per user: connect time. Every wait has a deadline; errors are counted by kind.
 */
import { ChatClient, type ChatIds, type Frame } from '../../fixtures/chat-client.ts';

export interface LevelInput {
  apiUrl: string;
  users: number;
  turns: number;
  /** A token every message of the run contains (the LLM stand-in's pacing scenario is keyed by it). */
  tag: string;
  turnTimeoutMs: number;
  /** Called after each finished turn (progress). */
  onTurn?: () => void;
}

export interface TurnTiming {
  user: number;
  turn: number;
  firstMs: number;
  finalMs: number;
}

export interface LevelRaw {
  connectMs: number[];
  turns: TurnTiming[];
  errors: Record<string, number>;
  wallMs: number;
}

class Errors {
  readonly byKind: Record<string, number> = {};
  add(kind: string): void {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }
}

async function user(index: number, input: LevelInput, out: LevelRaw, errors: Errors): Promise<void> {
  let ids: ChatIds;
  try {
    const r = await fetch(`${input.apiUrl}/api/auth?bot_name=default`, {
      signal: AbortSignal.timeout(input.turnTimeoutMs),
    });
    if (!r.ok) return errors.add(`GET /api/auth ${r.status}`);
    ids = await r.json();
  } catch (e) {
    return errors.add(`GET /api/auth: ${(e as Error).name}`);
  }
  const t0 = performance.now();
  let client: ChatClient;
  try {
    client = await ChatClient.connect(
      input.apiUrl,
      { session_id: ids.session_id, user_id: ids.user_id, bot_name: 'default' },
      input.turnTimeoutMs,
    );
  } catch {
    return errors.add('websocket refused or no connected frame');
  }
  out.connectMs.push(performance.now() - t0);
  try {
    for (let turn = 0; turn < input.turns; turn++) {
      const text = `bench ${input.tag} u${index} t${turn} ${Math.random().toString(36).slice(2, 8)}`;
      let sent;
      try {
        sent = await client.send(text, ids, input.turnTimeoutMs);
      } catch {
        return errors.add(
          client.closed ? 'connection closed mid-turn' : `no final frame within ${input.turnTimeoutMs / 1000} s`,
        );
      }
      const at = (f: Frame) => client.receivedAt[sent.from + sent.frames.indexOf(f)]! - sent.sentAt;
      const bot = sent.frames.filter((f) => f.message_type === 2);
      const first = bot.find((f) => f.content);
      if (!first) errors.add('empty answer (no content frame)');
      else out.turns.push({ user: index, turn, firstMs: at(first), finalMs: at(bot.at(-1)!) });
      input.onTurn?.();
    }
  } finally {
    client.close();
  }
}

export async function runLevel(input: LevelInput): Promise<LevelRaw> {
  const out: LevelRaw = { connectMs: [], turns: [], errors: {}, wallMs: 0 };
  const errors = new Errors();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: input.users }, (_, i) => user(i, input, out, errors)));
  out.wallMs = performance.now() - t0;
  out.errors = errors.byKind;
  return out;
}
