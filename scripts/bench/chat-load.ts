/**
 * Virtual users for the chat benchmark: each opens an anonymous session (GET /api/auth), connects the websocket as
 * the UI does (§5.2) and sends its turns one after another with unique texts (real builds cache answers), the UI's
 * full client frame (§5.3). Per turn: time to the first reply frame (a bot frame with content) and to the final
 * (`is_complete`) frame; per user: connect time. Every wait has a deadline; errors are counted by kind.
 */
import { WebSocket } from 'ws';

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
  let ids: { user_id: string; session_id: string; bot_id: string };
  try {
    const r = await fetch(`${input.apiUrl}/api/auth?bot_name=default`, { signal: AbortSignal.timeout(input.turnTimeoutMs) });
    if (!r.ok) return errors.add(`GET /api/auth ${r.status}`);
    ids = await r.json();
  } catch (e) {
    return errors.add(`GET /api/auth: ${(e as Error).name}`);
  }
  const t0 = performance.now();
  const ws = new WebSocket(`${input.apiUrl.replace(/^http/, 'ws')}/ws?session_id=${ids.session_id}&user_id=${ids.user_id}&bot_name=default`);
  const frames: { content?: string; is_complete?: boolean; message_type?: number; type?: string }[] = [];
  let wake: (() => void) | undefined;
  ws.on('message', (d) => {
    try { frames.push(JSON.parse(String(d))); } catch { /* not JSON */ }
    wake?.();
  });
  let closed = false;
  ws.on('close', () => { closed = true; wake?.(); });
  const until = async (pred: () => boolean, deadline: number): Promise<boolean> => {
    while (!pred()) {
      if (closed || performance.now() > deadline) return pred();
      await new Promise<void>((r) => { wake = r; setTimeout(r, 250); });
    }
    return true;
  };
  try {
    const opened = await new Promise<boolean>((resolve) => {
      ws.once('open', () => resolve(true));
      ws.once('error', () => resolve(false));
      ws.once('unexpected-response', () => resolve(false));
    });
    if (!opened) return errors.add('websocket refused');
    if (!(await until(() => frames.some((f) => f.type === 'connected'), performance.now() + input.turnTimeoutMs))) return errors.add('no connected frame');
    out.connectMs.push(performance.now() - t0);
    for (let turn = 0; turn < input.turns; turn++) {
      const from = frames.length;
      const sent = performance.now();
      ws.send(JSON.stringify({ ...ids, channel: 'web', content: `bench ${input.tag} u${index} t${turn} ${Math.random().toString(36).slice(2, 8)}`, message_type: 1, active_switchers: [], timestamp: new Date().toISOString() }));
      const bot = () => frames.slice(from).filter((f) => f.message_type === 2);
      let firstAt: number | undefined;
      const done = await until(() => {
        if (firstAt === undefined && bot().some((f) => f.content)) firstAt = performance.now();
        return bot().some((f) => f.is_complete);
      }, sent + input.turnTimeoutMs);
      if (!done) {
        errors.add(closed ? 'connection closed mid-turn' : `no final frame within ${input.turnTimeoutMs / 1000} s`);
        return;
      }
      if (firstAt === undefined) errors.add('empty answer (no content frame)');
      else out.turns.push({ user: index, turn, firstMs: firstAt - sent, finalMs: performance.now() - sent });
      input.onTurn?.();
    }
  } finally {
    ws.close();
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
