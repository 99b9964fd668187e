/**
 * Recording a conversation (docs/conversations.md, "Record a conversation"): while a bot author chats with their
 * bot, the LLM stand-in answers the bot's calls under the recording's route either itself (the default reply) or by
 * forwarding each call to a real OpenAI-compatible endpoint the author names, and records what came back, so that
 * the recorder can write each turn's `llm:` as it was answered. The forwarded call is made without streaming; the
 * stand-in streams the answer to the platform as it streams its own.
 */
import { defaultReply, toolReply, type Scenario } from './scenarios.ts';

/** Where a recording's calls go: nowhere (the stand-in answers), or a real endpoint (`url`: its base, e.g.
 * `https://host/v1`, or the whole chat-completions URL; `key`: its bearer key, never logged). */
export interface Recording {
  forward?: { url: string; key?: string };
}

/** What a recorded call got: the scenario the stand-in streams back, and whether a real endpoint wrote it. */
export interface RecordedAnswer {
  scenario: Scenario;
  record: { conversation: string; recorded: true; forwarded: boolean };
}

/** The chat-completions URL of a forward target. */
export function forwardUrl(url: string): string {
  const base = url.replace(/\/+$/, '');
  return base.endsWith('/chat/completions') ? base : `${base.endsWith('/v1') ? base : `${base}/v1`}/chat/completions`;
}

/**
 * The answer to a recording's call: forwarded (the endpoint's text, or its first tool call when the tool was
 * offered), or the stand-in's own (the default reply; after a tool's result, the tool reply). Throws naming the
 * endpoint when it fails or answers something that is no chat completion.
 */
export async function recordedAnswer(
  id: string,
  rec: Recording,
  body: Record<string, unknown>,
  lastUserTurn: string,
  toolResult: string | undefined,
  offered: (name: string) => boolean,
): Promise<RecordedAnswer> {
  const record = { conversation: id, recorded: true as const, forwarded: !!rec.forward };
  if (!rec.forward) {
    return {
      scenario: {
        type: 'reply',
        text: toolResult !== undefined ? toolReply('tool', toolResult) : defaultReply(lastUserTurn),
      },
      record,
    };
  }
  const url = forwardUrl(rec.forward.url);
  const r = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(rec.forward.key ? { authorization: `Bearer ${rec.forward.key}` } : {}),
    },
    body: JSON.stringify({ ...body, stream: false }),
    signal: AbortSignal.timeout(120_000),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`the forward target ${url} answered ${r.status}: ${text.slice(0, 300)}`);
  const message = (
    JSON.parse(text) as {
      choices?: {
        message?: { content?: unknown; tool_calls?: { function?: { name?: string; arguments?: string } }[] };
      }[];
    }
  ).choices?.[0]?.message;
  if (!message) throw new Error(`the forward target ${url} answered no chat completion: ${text.slice(0, 300)}`);
  const call = message.tool_calls?.[0]?.function;
  if (call?.name && offered(call.name)) {
    return {
      scenario: {
        type: 'tool-call',
        name: call.name,
        arguments: JSON.parse(call.arguments || '{}') as Record<string, unknown>,
      },
      record,
    };
  }
  return { scenario: { type: 'reply', text: typeof message.content === 'string' ? message.content : '' }, record };
}
