/**
 * The steps of a chat turn that the reference platform's seeded mutations wrap (platform/mutations/chat.ts): the
 * platform's own behaviour is PLAIN_TURN; the turn (websocket.ts) calls these and never asks which mutation runs.
 */
import type { WebSocket } from 'ws';
import type { LlmContext } from '../dialogs/run.ts';

/**
 * One turn's reply on its way: each streamed piece as it arrives (null: dropped before anything else sees it), what
 * is shown of a piece the turn keeps (after the profile's own losses), and the whole reply (shown in the final frame
 * and saved).
 */
export interface ReplyFilter {
  piece(d: string): string | null;
  shown(d: string): string;
  whole(text: string): string;
}

export interface TurnSteps {
  /** Whether the turn is answered at all (false: an empty final frame at once; the LLM is never called). */
  answers: boolean;
  /** Whether the platform loses this turn of the session (on bot `botName`): no frame, no LLM call, only its log line. */
  loses(sessionId: string, botName: string): boolean;
  /** What of the session's dialogs goes into the LLM's context (its tools, contexts and system prompt block). */
  context(session: LlmContext): LlmContext;
  /** Whether each network chunk of the LLM stream is decoded on its own (platform/chat/llm-client.ts). */
  decodePerChunk: boolean;
  /** How often the LLM stream is read (0: as each network chunk arrives); the chunks that came in between are read
   * as one, as a loaded machine reads them (platform/chat/llm-client.ts). */
  readEveryMs: number;
  /** A fresh filter for one turn's reply. */
  reply(): ReplyFilter;
  /** The arguments (JSON) a tool dialog runs with, from those of the LLM's call. */
  toolArguments(json: string): string;
  /** After the final frame was sent and saved. */
  ended(ws: WebSocket): void;
  /** How long the turn waits before it does anything (0: not at all); every frame of the turn comes that much later. */
  delayMs: number;
  /** How long the final frame waits after the last piece (0: not at all): the reply is shown, its turn ends late. */
  finalDelayMs: number;
}

export const PLAIN_TURN: TurnSteps = {
  answers: true,
  loses: () => false,
  context: (session) => session,
  decodePerChunk: false,
  readEveryMs: 0,
  reply: () => ({ piece: (d) => d, shown: (d) => d, whole: (t) => t }),
  toolArguments: (json) => json,
  ended: () => undefined,
  delayMs: 0,
  finalDelayMs: 0,
};
