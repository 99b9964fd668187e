/**
 * What the LLM stand-in answers. By default a deterministic reply derived from the last user turn; a spec picks
 * another scenario with a marker in its message (`[llm:500]`) or through the admin API, keyed by a token that
 * only its own prompt contains (safe with parallel workers).
 */
export type Scenario =
  | { type: 'default' }
  | { type: 'reply'; text: string }
  | { type: 'stream'; text?: string; chunks: number; delayMs: number }
  /** The reply in these pieces, each written only once the test releases it (admin API `/__admin/gates`). */
  | { type: 'gated'; pieces: string[] }
  | { type: 'status'; status: 401 | 429 | 500 }
  | { type: 'malformed' }
  | { type: 'truncate' }
  | { type: 'hang' }
  /** `text` streamed as raw UTF-8 (no `\u` escapes) with the whole SSE body cut every `every` bytes (1–64, default
   * 5), each cut sent on its own: piece boundaries inside multi-byte characters and inside `data:` lines, as real
   * LLM servers and proxies deliver them. */
  | { type: 'split-bytes'; text: string; every?: number }
  /** Function calling (OpenAI's streamed `tool_calls`): the LLM calls tool `name` with `arguments`; the request
   * that carries the tool's result (a `role: "tool"` message) is answered with `then` (default: toolReply). */
  | { type: 'tool-call'; name: string; arguments: Record<string, unknown>; then?: string };

/** The LLM's answer to the turn that carries a tool's result, unless the scenario says another (`then`). */
export function toolReply(name: string, result: string): string {
  return `Stand-in reply after the tool ${name}: ${result.trim()}`;
}

/** The reply a spec can predict: the same text for the same last user turn, on every build. */
export function defaultReply(lastUserTurn: string): string {
  return `Stand-in reply: ${lastUserTurn.trim()}`;
}

const MARKER = /\[llm:([a-z0-9]+)(?:=([^\]]*))?\]/i;

/** A scenario named by a marker inside the prompt, e.g. `[llm:reply=Hi]`, `[llm:slow=5,200]`, `[llm:429]`. */
export function scenarioFromMarker(text: string): Scenario | undefined {
  const m = MARKER.exec(text);
  if (!m) return undefined;
  const name = m[1]!.toLowerCase();
  const arg = m[2];
  switch (name) {
    case 'reply':
      return { type: 'reply', text: arg ?? '' };
    case 'slow': {
      const [chunks, delayMs] = (arg ?? '').split(',').map(Number);
      return { type: 'stream', chunks: chunks || 5, delayMs: delayMs || 300 };
    }
    case '500':
    case '429':
    case '401':
      return { type: 'status', status: Number(name) as 401 | 429 | 500 };
    case 'malformed':
      return { type: 'malformed' };
    case 'truncate':
      return { type: 'truncate' };
    case 'hang':
      return { type: 'hang' };
    default:
      return undefined;
  }
}

export function isScenario(v: unknown): v is Scenario {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  switch (s.type) {
    case 'default':
    case 'malformed':
    case 'truncate':
    case 'hang':
      return true;
    case 'reply':
      return typeof s.text === 'string';
    case 'gated':
      return (
        Array.isArray(s.pieces) &&
        s.pieces.length > 0 &&
        s.pieces.length <= 100 &&
        s.pieces.every((p) => typeof p === 'string' && p.length > 0)
      );
    case 'stream':
      return (
        Number.isInteger(s.chunks) &&
        (s.chunks as number) > 0 &&
        typeof s.delayMs === 'number' &&
        s.delayMs >= 0 &&
        s.delayMs <= 10000
      );
    case 'status':
      return s.status === 401 || s.status === 429 || s.status === 500;
    case 'split-bytes':
      return (
        typeof s.text === 'string' &&
        s.text.length > 0 &&
        s.text.length <= 20_000 &&
        (s.every === undefined || (Number.isInteger(s.every) && (s.every as number) >= 1 && (s.every as number) <= 64))
      );
    case 'tool-call':
      return (
        typeof s.name === 'string' &&
        /^[A-Za-z0-9_-]{1,64}$/.test(s.name) &&
        !!s.arguments &&
        typeof s.arguments === 'object' &&
        !Array.isArray(s.arguments) &&
        (s.then === undefined || typeof s.then === 'string')
      );
    default:
      return false;
  }
}

/** Splits a reply into `n` pieces whose concatenation is the reply (words by default). */
export function splitIntoChunks(text: string, n?: number): string[] {
  if (!n) return text.match(/\S+\s*|\s+/g) ?? [text];
  const size = Math.max(1, Math.ceil(text.length / n));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out.length ? out : [''];
}
