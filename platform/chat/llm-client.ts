/**
 * The call to the OpenAI-compatible LLM, as contract §5.7 describes BotServer's: POST `<base>/v1/chat/completions`,
 * the messages the caller built (HEAD: one user message holding the flattened transcript; PRE: system, history,
 * the current turn twice), `stream: true`; the answer is the concatenation of
 * `choices[0].delta.content` over the SSE `data:` lines, `[DONE]` skipped. Unlike the real server, a failure is
 * reported (so the UI can show it) instead of ending in an empty answer.
 */
export interface LlmRequest {
  baseUrl: string;
  model: string;
  key: string;
  messages: LlmRequestMessage[];
  /** The session's tools, sent as OpenAI `tools` when there are any (docs/contract.md "Tools"). */
  tools?: unknown[];
  signal: AbortSignal;
  onDelta(text: string): void;
  /** Seeded regression decode-per-chunk: each network chunk is decoded on its own (a character cut between two
   * chunks becomes U+FFFD). */
  decodePerChunk?: boolean;
  /** As PRE and HEAD parse the stream (builds' `usage.dropsSplitLines`): each network chunk by its own lines, so a
   * `data:` line cut across two chunks is dropped (caveat streamLosesPieces). */
  dropsSplitLines?: boolean;
  /** Seeded condition slow-reads: the stream is read every this many ms, what came in between as one chunk. */
  readEveryMs?: number;
}

export type LlmRequestMessage =
  | { role: string; content: string }
  | {
      role: 'assistant';
      content: null;
      tool_calls: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
    }
  | { role: 'tool'; tool_call_id: string; content: string };

/** A tool the LLM called (OpenAI's streamed `delta.tool_calls`, gathered by `index`): its arguments as JSON text. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** What a completion streamed: its text (the concatenated deltas) and the tools it called. */
export interface Completion {
  text: string;
  toolCalls: ToolCall[];
}

export class LlmError extends Error {}

export function completionsUrl(base: string): string {
  const b = base.replace(/\/+$/, '');
  return b.endsWith('/chat/completions') ? b : `${b}/v1/chat/completions`;
}

/** Streams one completion; throws LlmError naming what went wrong (no answer, HTTP status, malformed or cut stream). */
export async function streamCompletion(r: LlmRequest): Promise<Completion> {
  if (!r.baseUrl) throw new LlmError('no LLM configured (llm-url in the bot config, or LLM_URL)');
  let res: Response;
  try {
    res = await fetch(completionsUrl(r.baseUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${r.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: r.model,
        messages: r.messages,
        stream: true,
        max_tokens: 16384,
        temperature: 1.0,
        top_p: 1.0,
        ...(r.tools?.length ? { tools: r.tools } : {}),
      }),
      signal: r.signal,
    });
  } catch (e) {
    throw new LlmError(`the LLM did not answer: ${(e as Error).message}`);
  }
  if (res.status !== 200 || !res.body) {
    const text = await res.text().catch(() => '');
    throw new LlmError(`the LLM answered HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`);
  }
  let answer = '';
  const calls: ToolCall[] = [];
  let done = false;
  let buffer = '';
  const decoder = new TextDecoder();
  try {
    for await (const chunk of r.readEveryMs ? readEvery(res.body, r.readEveryMs) : res.body) {
      buffer += r.decodePerChunk
        ? new TextDecoder().decode(chunk as Uint8Array)
        : decoder.decode(chunk as Uint8Array, { stream: true });
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line.startsWith('data:')) continue;
        const data = line.slice(5).trim();
        if (data.includes('[DONE]')) {
          done = true;
          continue;
        }
        let parsed: {
          choices?: {
            delta?: {
              content?: unknown;
              tool_calls?: { index?: number; id?: string; function?: { name?: string; arguments?: string } }[];
            };
          }[];
        };
        try {
          parsed = JSON.parse(data);
        } catch {
          if (r.dropsSplitLines) continue;
          throw new LlmError('the LLM sent a malformed stream (a data line that is not JSON)');
        }
        for (const c of parsed.choices?.[0]?.delta?.tool_calls ?? []) {
          const call = (calls[c.index ?? 0] ??= { id: '', name: '', arguments: '' });
          if (c.id) call.id = c.id;
          if (c.function?.name) call.name += c.function.name;
          if (c.function?.arguments) call.arguments += c.function.arguments;
        }
        const delta = parsed.choices?.[0]?.delta?.content;
        if (typeof delta === 'string' && delta) {
          answer += delta;
          r.onDelta(delta);
        }
      }
      // The line this chunk ends inside is dropped, and the rest of it, at the next chunk's start, is no data: line.
      if (r.dropsSplitLines) buffer = '';
    }
  } catch (e) {
    if (e instanceof LlmError) throw e;
    throw new LlmError(`the LLM stream broke: ${(e as Error).message}`);
  }
  if (!done) throw new LlmError('the LLM stream ended before [DONE]');
  return { text: answer, toolCalls: calls.filter((c) => c.name) };
}

/** `body`'s chunks read every `everyMs` ms: those that arrived in between joined into one (a loaded machine's read). */
async function* readEvery(body: AsyncIterable<Uint8Array>, everyMs: number): AsyncGenerator<Uint8Array> {
  const queue: Uint8Array[] = [];
  let ended = false;
  let failure: unknown;
  const pump = (async () => {
    try {
      for await (const chunk of body) queue.push(chunk);
    } catch (e) {
      failure = e;
    } finally {
      ended = true;
    }
  })();
  while (!ended || queue.length) {
    await new Promise((r) => setTimeout(r, everyMs));
    if (queue.length) yield Buffer.concat(queue.splice(0));
  }
  await pump;
  // A stream that broke does so after what it delivered before, as the unbatched read would.
  if (failure) throw failure;
}
