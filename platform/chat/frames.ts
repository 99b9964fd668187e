/**
 * Server → client websocket frames. The reference platform speaks PRE's protocol (contract §11.4, commit
 * 2c79f29a): a `connected` frame, one frame per streamed delta, and a final `is_complete` frame that repeats
 * the whole answer; plus HEAD's `thinking:true` frame before the first delta (§5.4). A failed turn ends with an
 * `is_complete` frame carrying `error` (the real server sends an empty final frame and shows nothing).
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
  return { ...ids, channel: 'web', content, message_type: 2, is_complete: isComplete, context_length: 0, context_max_length: 0, ...extra };
}
