/**
 * The frame shapes of the builds, one object each with the same few operations (contract §5.4, §11.4, §11.6): what a
 * turn sends before the LLM answers, for each piece, as its final frame, and on a failure; and where a dialog's
 * suggestions go. A build record's reproduction names one (`frames`, builds/records.ts); the chat looks it up by that name.
 *   intended        — a thinking frame; the pieces; a final frame repeating the answer; a failure says `error`;
 *                     a dialog's suggestions at once, in a frame of their own.
 *   answer-in-final — PRE: no thinking frame; the pieces; a final frame repeating the answer, the session's
 *                     suggestions on it; a failure ends with an empty final frame and an empty assistant row.
 *   keep-alive      — HEAD: the session's suggestions in a frame of their own, two keep-alives, a thinking frame
 *                     repeated every 2 s while the LLM is silent; pieces and an empty final frame, all with
 *                     `suggestions`/`switchers`; a failure as PRE's.
 */
import { botFrame, headFrame, talkFrame, type Ids } from './frames.ts';
import type { Reproduction } from '../../builds/records.ts';

export type Suggestion = { text: string; action?: string };
type Send = (frame: unknown) => void;

export interface FrameShape {
  /** A dialog's suggestions: a frame of their own now (intended), or kept for the session (`keep`) and sent with its
   * later turns (the builds). */
  suggestions(send: Send, ids: Ids, list: Suggestion[], keep: (list: Suggestion[]) => void): void;
  /** The frames before the LLM's first piece (`offered`: the session's suggestions); returns what stops a
   * repeating one (called at the first piece and when the turn ends). */
  beforeLlm(send: Send, ids: Ids, offered: Suggestion[]): () => void;
  piece(ids: Ids, text: string): unknown;
  final(ids: Ids, reply: string, offered: Suggestion[]): unknown;
  /** A turn the LLM could not answer: its last frame, and whether an empty assistant row is saved (the builds do). */
  failure(ids: Ids, message: string): { frame: unknown; saveEmptyRow: boolean };
}

/** HEAD repeats its thinking frame every 2 s while the LLM is silent (§11.6). */
const THINKING_REPEAT_MS = 2000;
const nothing = () => undefined;
const sendNow: FrameShape['suggestions'] = (send, ids, list) => send(talkFrame(ids, '', list));
const keepForLater: FrameShape['suggestions'] = (_send, _ids, list, keep) => keep(list);

const intended: FrameShape = {
  suggestions: sendNow,
  beforeLlm: (send, ids) => {
    send(botFrame(ids, '', false, { thinking: true }));
    return nothing;
  },
  piece: (ids, text) => botFrame(ids, text, false),
  final: (ids, reply) => botFrame(ids, reply, true),
  failure: (ids, message) => ({ frame: botFrame(ids, '', true, { error: message }), saveEmptyRow: false }),
};

const answerInFinal: FrameShape = {
  suggestions: keepForLater,
  beforeLlm: () => nothing,
  piece: (ids, text) => botFrame(ids, text, false),
  final: (ids, reply, offered) => botFrame(ids, reply, true, offered.length ? { suggestions: offered } : undefined),
  failure: (ids) => ({ frame: botFrame(ids, '', true), saveEmptyRow: true }),
};

const keepAlive: FrameShape = {
  suggestions: keepForLater,
  beforeLlm: (send, ids, offered) => {
    if (offered.length) send(headFrame(ids, '', true, { suggestions: offered }));
    for (let i = 0; i < 2; i++) send(headFrame(ids, '', false));
    send(headFrame(ids, '', false, { thinking: true }));
    const timer = setInterval(() => send(headFrame(ids, '', false, { thinking: true })), THINKING_REPEAT_MS);
    return () => clearInterval(timer);
  },
  piece: (ids, text) => headFrame(ids, text, false),
  final: (ids) => headFrame(ids, '', true),
  failure: (ids) => ({ frame: headFrame(ids, '', true), saveEmptyRow: true }),
};

const SHAPES: Record<Reproduction['frames'], FrameShape> = {
  intended,
  'answer-in-final': answerInFinal,
  'keep-alive': keepAlive,
};

/** The frame shape a build record's reproduction names. */
export function frameShape(name: Reproduction['frames']): FrameShape {
  return SHAPES[name];
}
