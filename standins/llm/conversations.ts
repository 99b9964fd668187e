/**
 * Scripted LLM turns of conversation files (docs/conversations.md): what the LLM does on each turn of one
 * conversation, never matched on the prompt's wording. A conversation's bot is deployed with an `llm-url` of its
 * own, `<stand-in>/c/<id>`, so every request the platform makes for it arrives under `/c/<id>/…` and is told apart
 * from every other test's, whatever the visitor typed. Before each visitor step the runner scripts the turn
 * (`POST /__admin/conversations`); the requests of that turn consume the script; a request that finds nothing
 * scripted is answered with the default reply and recorded as unscripted, for the runner to fail the step with the
 * prompt it got.
 */
import { defaultReply, toolReply, type Scenario } from './scenarios.ts';

/** What the LLM does on one turn (a conversation file's `llm:`). */
export type LlmTurn =
  | { reply: string }
  /** Calls the tool `call` with `args`; the request that carries the tool's result back is answered with `then`. */
  | { call: string; args: Record<string, unknown>; then?: string }
  | { error: 401 | 429 | 500 };

/** `/c/<id>/rest`: a conversation's own route to the stand-in (its bot's `llm-url` and `embedding-url`). */
const ROUTE = /^\/c\/([A-Za-z0-9_-]{4,64})(\/.*)$/;

/** The conversation a request path belongs to and the path without its prefix (`/v1/chat/completions`). */
export function conversationRoute(pathname: string): { id?: string; path: string } {
  const m = ROUTE.exec(pathname);
  return m ? { id: m[1], path: m[2]! } : { path: pathname };
}

/** Whether `v` is an LlmTurn (the admin API refuses anything else). */
export function isLlmTurn(v: unknown): v is LlmTurn {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const t = v as Record<string, unknown>;
  if ('reply' in t) return typeof t.reply === 'string' && Object.keys(t).length === 1;
  if ('error' in t) return (t.error === 401 || t.error === 429 || t.error === 500) && Object.keys(t).length === 1;
  if ('call' in t) {
    return (
      typeof t.call === 'string' &&
      /^[A-Za-z0-9_-]{1,64}$/.test(t.call) &&
      !!t.args &&
      typeof t.args === 'object' &&
      !Array.isArray(t.args) &&
      (t.then === undefined || typeof t.then === 'string')
    );
  }
  return false;
}

interface Script {
  turn: number;
  llm?: LlmTurn;
  /** The visitor's text of the turn: a request whose last user turn does not hold it belongs to another turn (a
   * late call of the one before) and never uses this turn's script. */
  userText?: string;
  /** pending: not yet asked; called: the tool call was sent, its result not yet back; done: consumed. */
  state: 'pending' | 'called' | 'done';
}

/** What a conversation's request gets, and what is recorded of it. */
export interface ScriptedAnswer {
  scenario: Scenario;
  record: { conversation: string; turn: number; scripted: boolean; toolNotOffered?: string };
}

/** The scripts of every conversation the stand-in serves (one per id, the current turn's). */
export class ConversationScripts {
  private scripts = new Map<string, Script>();

  /** The turn `turn` of conversation `id` begins, on the visitor's `userText` (when known): its LLM does `llm`
   * (nothing scripted when absent). */
  set(id: string, turn: number, llm?: LlmTurn, userText?: string): void {
    this.scripts.set(id, { turn, llm, userText, state: llm ? 'pending' : 'done' });
    if (this.scripts.size > 2000) this.scripts.delete(this.scripts.keys().next().value!);
  }

  /** The current turn's script state (for the runner's wait for the turn's end). */
  state(id: string): { turn: number; state: Script['state'] } | undefined {
    const s = this.scripts.get(id);
    return s && { turn: s.turn, state: s.state };
  }

  /**
   * The answer to a chat request of conversation `id`. `lastUserTurn`: for the default reply of an unscripted
   * call; `toolResult`: the tool result the request carries, if any; `offered`: whether a tool was offered.
   */
  answer(
    id: string,
    lastUserTurn: string,
    toolResult: string | undefined,
    offered: (name: string) => boolean,
  ): ScriptedAnswer {
    const s = this.scripts.get(id);
    const record = (scripted: boolean, extra: { toolNotOffered?: string } = {}) => ({
      conversation: id,
      turn: s?.turn ?? 0,
      scripted,
      ...extra,
    });
    const unscripted = (): ScriptedAnswer => ({
      scenario: { type: 'reply', text: defaultReply(lastUserTurn) },
      record: record(false),
    });
    if (!s?.llm || s.state === 'done' || (s.userText !== undefined && !lastUserTurn.includes(s.userText)))
      return unscripted();
    const llm = s.llm;
    if ('reply' in llm) {
      s.state = 'done';
      return { scenario: { type: 'reply', text: llm.reply }, record: record(true) };
    }
    if ('error' in llm) {
      s.state = 'done';
      return { scenario: { type: 'status', status: llm.error }, record: record(true) };
    }
    if (s.state === 'called') {
      // The platform asks again: with the tool's result (the script's `then`), or without it (nobody scripted that).
      if (toolResult === undefined) return unscripted();
      s.state = 'done';
      return { scenario: { type: 'reply', text: llm.then ?? toolReply(llm.call, toolResult) }, record: record(true) };
    }
    if (!offered(llm.call)) {
      // As a real LLM, it calls only a tool it was offered: it answers in words, and the record says why.
      s.state = 'done';
      return {
        scenario: { type: 'reply', text: defaultReply(lastUserTurn) },
        record: record(true, { toolNotOffered: llm.call }),
      };
    }
    s.state = 'called';
    return {
      scenario: { type: 'tool-call', name: llm.call, arguments: llm.args, then: llm.then },
      record: record(true),
    };
  }
}
