/** Mutations of a chat turn: wrappers of its steps (platform/chat/turn-steps.ts). */
import type { ReplyFilter, TurnSteps } from '../chat/turn-steps.ts';
import type { Wrapper } from './types.ts';

/** `slow-turn`: how long each turn waits before its first frame: past the chat checks' default 10 s, well within 20 s
 * (E2E_TIME_FACTOR=2) and within their second look (late-look.ts). */
export const SLOW_TURN_MS = 12_000;

/** `slow-reads`: how often the LLM stream is read; the split-bytes scenario's cuts come 3 ms apart, so a read takes
 * several of them together. */
export const SLOW_READ_EVERY_MS = 40;

/** `truncate-reply-200`: the length a reply is cut to. */
const TRUNCATED_REPLY = 200;

/** `t` with each turn's reply filter wrapped by `wrap` (a fresh one per turn: it may keep the turn's count). */
const eachReply = (t: TurnSteps, wrap: (inner: ReplyFilter) => ReplyFilter): TurnSteps => ({
  ...t,
  reply: () => wrap(t.reply()),
});

export const CHAT_MUTATIONS = {
  'dead-chat': {
    what: 'a regression: the server reads the message from a field the UI does not send, so every turn ends at once with an empty final frame and the LLM is never called',
    wrap: (t) => ({ ...t, answers: false }),
  },
  'later-turns-lost': {
    what: 'a regression: every turn of a session after its first is lost — no frame, no LLM call (as PRE loses turns, at random)',
    wrap: (t) => {
      const seen = new Set<string>();
      return { ...t, loses: (id) => seen.has(id) || (seen.add(id), false) };
    },
  },
  'bot-turns-lost': {
    what: "a regression: every turn on a bot other than `default` is lost — no frame, no LLM call (the default bot's chat answers; as PRE loses turns, at random)",
    wrap: (t) => ({ ...t, loses: (id, bot) => bot !== 'default' || t.loses(id, bot) }),
  },
  'drop-every-second-delta': {
    what: 'a regression: every second streamed piece is not forwarded (the final frame is unchanged)',
    wrap: (t) =>
      eachReply(t, (inner) => {
        let n = 0;
        return { ...inner, piece: (d) => (++n % 2 === 0 ? null : inner.piece(d)) };
      }),
  },
  'truncate-reply-200': {
    what: 'a regression: a reply is cut to its first 200 characters (shown and stored)',
    wrap: (t) =>
      eachReply(t, (inner) => {
        let forwarded = 0;
        return {
          ...inner,
          shown(d) {
            const cut = inner.shown(d).slice(0, Math.max(0, TRUNCATED_REPLY - forwarded));
            forwarded += cut.length;
            return cut;
          },
          whole: (text) => inner.whole(text).slice(0, TRUNCATED_REPLY),
        };
      }),
  },
  'last-piece-dropped': {
    what: "a regression: a reply's last streamed piece is lost (never streamed to the page, left out of the final frame and of what is saved)",
    wrap: (t) =>
      eachReply(t, (inner) => {
        // Each piece goes out when the next one comes: the last one, held when the stream ends, never does.
        let held: string | null = null;
        return {
          ...inner,
          piece(d) {
            const out = held;
            held = inner.piece(d);
            return out;
          },
          whole(text) {
            const w = inner.whole(text);
            return held && w.endsWith(held) ? w.slice(0, -held.length) : w;
          },
        };
      }),
  },
  'turn-fails-before-llm': {
    what: "a regression: every turn fails before its LLM call (the session's context cannot be built): the platform logs the error and ends the turn without a reply",
    wrap: (t) => ({
      ...t,
      context: () => {
        throw new Error("the session's context could not be built (seeded: turn-fails-before-llm)");
      },
    }),
  },
  'close-websocket-after-turn': {
    what: 'a regression: the server closes the websocket after every turn (the page reconnects)',
    wrap: (t) => ({
      ...t,
      ended: (ws) => {
        t.ended(ws);
        ws.close(1000, 'turn ended');
      },
    }),
  },
  'decode-per-chunk': {
    what: 'a regression: each network chunk of the LLM stream is decoded on its own (a character cut between chunks shows as U+FFFD)',
    wrap: (t) => ({ ...t, decodePerChunk: true }),
  },
  'tools-not-offered': {
    what: "a regression: the session's tools (ADD TOOL) are not sent to the LLM",
    wrap: (t) => ({ ...t, context: (s) => ({ ...t.context(s), tools: [] }) }),
  },
  'system-block-twice': {
    what: "a regression: the start dialog's BEGIN SYSTEM PROMPT block is given to the LLM twice",
    wrap: (t) => ({
      ...t,
      context: (s) => {
        const c = t.context(s);
        return { ...c, systemPrompt: c.systemPrompt && `${c.systemPrompt}\n\n${c.systemPrompt}` };
      },
    }),
  },
  'tool-arguments-swapped': {
    what: "a regression: a tool dialog runs with its call's argument values given to each other's names (the first two swapped)",
    wrap: (t) => ({
      ...t,
      toolArguments: (json) => {
        const args = JSON.parse(json) as Record<string, unknown>;
        const [a, b] = Object.keys(args);
        return a && b ? JSON.stringify({ ...args, [a]: args[b], [b]: args[a] }) : json;
      },
    }),
  },
  'slow-turn': {
    what: `a slow platform: every turn waits ${SLOW_TURN_MS / 1000} s before its first frame (thinking, pieces, the final frame and a dialog's messages all come that late)`,
    wrap: (t) => ({ ...t, delayMs: SLOW_TURN_MS }),
  },
  'slow-final-frame': {
    what: `a slow platform: every turn's final frame comes ${SLOW_TURN_MS / 1000} s after its last piece (the reply is shown in time, the turn ends late)`,
    wrap: (t) => ({ ...t, finalDelayMs: SLOW_TURN_MS }),
  },
  'slow-reads': {
    what: `a loaded machine: the platform reads the LLM stream every ${SLOW_READ_EVERY_MS} ms, the network chunks that came in between as one read`,
    wrap: (t) => ({ ...t, readEveryMs: SLOW_READ_EVERY_MS }),
  },
  'context-left-out': {
    what: "a regression: SET CONTEXT's text is left out of the LLM's system prompt",
    wrap: (t) => ({ ...t, context: (s) => ({ ...t.context(s), contexts: new Map() }) }),
  },
} satisfies Record<string, Wrapper<TurnSteps>>;
