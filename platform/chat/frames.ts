/**
 * Server → client websocket frames (contract §5.4, §11.4, §11.6). Which ones a turn sends depends on the profile
 * (platform/profile.ts): `intended` and `pre` repeat the whole answer in the final frame, `head` sends an empty
 * one and adds `suggestions`/`switchers` to every frame. Only `intended` reports a failed turn (`error`).
 */
export interface Ids {
  bot_id: string;
  user_id: string;
  session_id: string;
}

export function connectedFrame(ids: Ids) {
  return { type: 'connected', ...ids, message: 'Connected to bot server', tools: [] };
}

export function botFrame(ids: Ids, content: string, isComplete: boolean, extra: Record<string, unknown> = {}) {
  return {
    ...ids,
    channel: 'web',
    content,
    message_type: 2,
    is_complete: isComplete,
    context_length: 0,
    context_max_length: 0,
    ...extra,
  };
}

/** HEAD's frames carry `suggestions` and `switchers` (§11.6). */
export function headFrame(ids: Ids, content: string, isComplete: boolean, extra: Record<string, unknown> = {}) {
  return botFrame(ids, content, isComplete, { suggestions: [], switchers: [], ...extra });
}

/**
 * What a dialog's `TALK` sends (contract §5.4, §11.8): one complete frame with the text — BotServer's
 * `BotResponse` as serialized, whose empty `suggestions`/`switchers` and absent `stream_token`/`context_name` are
 * left out (so, unlike HEAD's LLM frames, no `suggestions: []`). `suggestions`, when given, are the buttons in
 * effect (General Bots' `ADD SUGGESTION`; botui renders them from an `is_complete` frame).
 */
export function talkFrame(ids: Ids, content: string, suggestions?: { text: string; action?: string }[]) {
  return botFrame(ids, content, true, suggestions?.length ? { suggestions } : {});
}
