/**
 * A turn as a build with `llmFixedPrompt` in its record answers it (builds/4976864a.json; measured on General Bots
 * 4976864a, ws_handler.rs): the message is read from the frame's `text`, which the UI does not send (it sends
 * `content`), so the visitor's words are lost; the LLM is asked the record's fixed prompt with that (empty) text in
 * place of `{text}`, unstreamed and with no model; its answer comes back as one final frame (no delta, no thinking);
 * nothing of the turn is stored in message_history. A failed or slow LLM gets the fallback "Como posso ajudar?".
 */
import type { WebSocket } from 'ws';
import { completionsUrl } from './llm-client.ts';
import type { BotConfig } from './bot-config.ts';
import type { Ids } from './frames.ts';

const FALLBACK = 'Como posso ajudar?';
const DEADLINE_MS = 15_000;

/** Asks the LLM `prompt` without streaming; resolves with its answer, or the build's fallback on any failure. */
async function generateSimple(baseUrl: string, key: string, prompt: string): Promise<string> {
  try {
    const r = await fetch(completionsUrl(baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: '', messages: [{ role: 'user', content: prompt }], stream: false }),
      signal: AbortSignal.timeout(DEADLINE_MS),
    });
    const body = (await r.json()) as { choices?: { message?: { content?: unknown } }[] };
    const content = body.choices?.[0]?.message?.content;
    return r.ok && typeof content === 'string' ? content : FALLBACK;
  } catch {
    return FALLBACK;
  }
}

/** One turn of the fixed-prompt handler: `frame` is the client frame as received (only its `text` is read). */
export async function fixedPromptTurn(
  ws: WebSocket,
  ids: Ids,
  frame: { text?: unknown },
  fixedPrompt: string,
  config: { llmUrl: string; botConfig: BotConfig; botName: string },
): Promise<void> {
  const said = typeof frame.text === 'string' ? frame.text : '';
  const bot = await config.botConfig.get(ids.bot_id, config.botName);
  const reply = await generateSimple(
    bot.get('llm-url') || config.llmUrl,
    bot.get('llm-key') ?? '',
    fixedPrompt.replace('{text}', said),
  );
  if (ws.readyState !== ws.OPEN) return;
  ws.send(
    JSON.stringify({
      ...ids,
      channel: 'web',
      content: reply,
      message_type: 2,
      is_complete: true,
      suggestions: [],
      switchers: [],
      context_length: 0,
      context_max_length: 0,
    }),
  );
}
