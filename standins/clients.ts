/** Typed clients for the stand-ins' admin APIs (used by fixtures and the project's tests). */
import type { Scenario } from './llm/scenarios.ts';
import type { RecordedRequest } from './http-kit.ts';
import type { GateState } from './llm/gate.ts';
import type { LlmTurn } from './llm/conversations.ts';

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const r = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${url} answered ${r.status}: ${text}`);
  return JSON.parse(text) as T;
}

export interface LlmRequestRecord extends RecordedRequest {
  lastUserTurn: string;
  scenario: Scenario['type'];
  reply: string;
  /** When the stand-in had written the whole of `reply` (ISO; before its stream's end): absent while it streams, and
   * for an answer that never carried the reply (an error status, a hang, a truncated or malformed stream). */
  answeredAt?: string;
  stream: boolean;
  /** The request's OpenAI `tools` (what the LLM is offered; empty when none). */
  tools: LlmTool[];
  /** The tool call a `tool-call` scenario answered with, if it did. */
  toolCall?: { name: string; arguments: Record<string, unknown> };
  /** The tool result the request carried back (its last `role: "tool"` message), if any. */
  toolResult?: string;
  /** A conversation file's request (llm/conversations.ts): its id, the turn it came in, whether a script answered
   * it, and the tool the script would have called had the platform offered it. */
  conversation?: string;
  turn?: number;
  scripted?: boolean;
  toolNotOffered?: string;
  /** A recorded conversation's call (forward.ts), and whether a real endpoint answered it. */
  recorded?: boolean;
  forwarded?: boolean;
  body: { model?: string; messages?: { role: string; content: string }[]; stream?: boolean; [k: string]: unknown };
}

/** One entry of an LLM request's `tools` (OpenAI function calling). */
export interface LlmTool {
  type: string;
  function: {
    name: string;
    description?: string;
    parameters?: {
      type?: string;
      properties?: Record<string, { type?: string; description?: string }>;
      required?: string[];
    };
  };
}

export class LlmAdmin {
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }
  requests(filter: { contains?: string; path?: string; since?: number } = {}): Promise<LlmRequestRecord[]> {
    const q = new URLSearchParams(
      Object.entries(filter)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    return call('GET', `${this.baseUrl}/__admin/requests?${q}`);
  }
  clearRequests(): Promise<unknown> {
    return call('DELETE', `${this.baseUrl}/__admin/requests`);
  }
  /** Every request whose prompt contains `match` gets `scenario` (use a token unique to the test). */
  setScenario(match: string, scenario: Scenario): Promise<unknown> {
    return call('POST', `${this.baseUrl}/__admin/scenarios`, { match, scenario });
  }
  clearScenario(match: string): Promise<unknown> {
    return call('DELETE', `${this.baseUrl}/__admin/scenarios?match=${encodeURIComponent(match)}`);
  }
  /** Turn `turn` of conversation `id` begins: the LLM's calls under its route whose last user turn holds `userText`
   * (any, when absent) do `llm` (none scripted when absent). */
  scriptTurn(id: string, turn: number, llm?: LlmTurn, userText?: string): Promise<unknown> {
    return call('POST', `${this.baseUrl}/__admin/conversations`, { id, turn, llm, userText });
  }
  /** Records conversation `id`: its calls are answered by the stand-in itself, or forwarded to `forward` (a real
   * OpenAI-compatible endpoint) and recorded (standins/llm/forward.ts). */
  record(id: string, forward?: { url: string; key?: string }): Promise<unknown> {
    return call('POST', `${this.baseUrl}/__admin/recordings`, { id, forward });
  }
  /** The current turn of conversation `id` and whether its script was consumed (`done`). */
  conversationState(id: string): Promise<{ turn: number; state: 'pending' | 'called' | 'done' }> {
    return call('GET', `${this.baseUrl}/__admin/conversations?id=${encodeURIComponent(id)}`);
  }
  /** The gated stream registered for `match`: requests seen, pieces released and written. */
  gate(match: string): Promise<GateState> {
    return call('GET', `${this.baseUrl}/__admin/gates?match=${encodeURIComponent(match)}`);
  }
  /** Lets `count` more pieces of the gated stream go (every piece when absent). */
  release(match: string, count?: number): Promise<GateState> {
    return call(
      'POST',
      `${this.baseUrl}/__admin/gates/release?match=${encodeURIComponent(match)}${count === undefined ? '' : `&count=${count}`}`,
    );
  }
}

export class DirectoryAdmin {
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }
  createUser(user: {
    email: string;
    password: string;
    firstName?: string;
    lastName?: string;
  }): Promise<{ id: string; email: string }> {
    return call('POST', `${this.baseUrl}/__admin/users`, user);
  }
  requests(filter: { contains?: string; path?: string } = {}): Promise<RecordedRequest[]> {
    const q = new URLSearchParams(Object.entries(filter).filter(([, v]) => v !== undefined) as [string, string][]);
    return call('GET', `${this.baseUrl}/__admin/requests?${q}`);
  }
}

export class VaultAdmin {
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }
  requests(): Promise<RecordedRequest[]> {
    return call('GET', `${this.baseUrl}/__admin/requests`);
  }
}
