/**
 * The steps of a chat turn that the reference platform's seeded mutations wrap (platform/mutations/chat.ts): the
 * platform's own behaviour is PLAIN_TURN; the turn (websocket.ts) calls these and never asks which mutation runs.
 */
import type { WebSocket } from 'ws';
import type { LlmContext } from '../dialogs/run.ts';

/** One turn's reply on its way: each streamed piece (null: dropped, '' : nothing shown), and the whole reply. */
export interface ReplyFilter {
  piece(d: string): string | null;
  whole(text: string): string;
}

export interface TurnSteps {
  /** Whether the turn is answered at all (false: an empty final frame at once; the LLM is never called). */
  answers: boolean;
  /** What of the session's dialogs goes into the LLM's context (its tools, contexts and system prompt block). */
  context(session: LlmContext): LlmContext;
  /** Whether each network chunk of the LLM stream is decoded on its own (platform/chat/llm-client.ts). */
  decodePerChunk: boolean;
  /** A fresh filter for one turn's reply. */
  reply(): ReplyFilter;
  /** After the final frame was sent and saved. */
  ended(ws: WebSocket): void;
}

export const PLAIN_TURN: TurnSteps = {
  answers: true,
  context: (session) => session,
  decodePerChunk: false,
  reply: () => ({ piece: (d) => d, whole: (t) => t }),
  ended: () => undefined,
};
