/**
 * The LLM stand-in's embeddings (`POST /v1/embeddings`, OpenAI's shape): a hashed bag of words, so that texts which
 * share words score high and unrelated texts near 0 (cosine), deterministically — a passage about refunds is found
 * by a question about refunds (contract §11.10: BotServer embeds each knowledge-base chunk and each visitor message
 * this way, `{"input":[…],"model"}`, and keeps search hits scoring 0.20 or more).
 * Words: lower-cased runs of letters and digits; a few very common words (English, Portuguese) are left out, so that
 * "what is the …" alone does not make two texts alike. Each word adds ±1 at a position chosen by its hash (the sign
 * from the hash too); the vector is L2-normalised.
 */
import { createHash } from 'node:crypto';
import { HttpError } from '../http-kit.ts';

/** The size of a vector when the request gives no `dimensions` (the stack sets `embedding-dimensions` to it). */
export const DEFAULT_DIMENSIONS = 384;
/** The largest `dimensions` a request may ask for. */
export const MAX_DIMENSIONS = 4096;

const COMMON = new Set([
  'a',
  'an',
  'the',
  'is',
  'are',
  'was',
  'were',
  'be',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'and',
  'or',
  'it',
  'its',
  'this',
  'that',
  'what',
  'which',
  'who',
  'how',
  'do',
  'does',
  'did',
  'i',
  'you',
  'we',
  'my',
  'your',
  'our',
  'with',
  'by',
  'as',
  'from',
  'can',
  'o',
  'os',
  'as',
  'um',
  'uma',
  'de',
  'da',
  'do',
  'das',
  'dos',
  'e',
  'em',
  'que',
  'para',
  'com',
  'por',
  'no',
  'na',
]);

/** The words of `text` that count: lower-cased runs of letters and digits, the common ones left out. */
export function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !COMMON.has(w));
}

/**
 * The embedding of `text`: `size` numbers, L2-normalised (a text without a word that counts gets a fixed unit
 * vector of its own). Throws a RangeError when `size` is not an integer from 1 to MAX_DIMENSIONS.
 */
export function embed(text: string, size = DEFAULT_DIMENSIONS): number[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_DIMENSIONS)
    throw new RangeError(`embedding size ${size} is not an integer from 1 to ${MAX_DIMENSIONS}`);
  const v = new Array<number>(size).fill(0);
  const ws = words(text);
  for (const w of ws.length ? ws : ['\u0000']) {
    const h = createHash('sha256').update(w).digest();
    v[h.readUInt32BE(0) % size]! += h[4]! & 1 ? 1 : -1;
  }
  const norm = Math.hypot(...v);
  return norm ? v.map((x) => x / norm) : v.map((_, i) => (i === 0 ? 1 : 0));
}

/** Cosine similarity of two vectors of one size (for tests: `embed` gives unit vectors, so it is their dot product). */
export function cosine(a: number[], b: number[]): number {
  const dot = a.reduce((s, x, i) => s + x * b[i]!, 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b) || 1);
}

/**
 * OpenAI's embeddings answer for a request body `{input: string | string[], dimensions?: n, model?}`: one vector per
 * input, of `dimensions` numbers (else DEFAULT_DIMENSIONS). Throws an HttpError 400 in OpenAI's error shape when
 * `input` or `dimensions` is not valid.
 */
export function embeddingsResponse(body: { input?: unknown; dimensions?: unknown }, model: string): unknown {
  const bad = (message: string, param: string) =>
    new HttpError(400, { error: { message, type: 'invalid_request_error', param, code: null } });
  const inputs = Array.isArray(body.input)
    ? body.input.map(String)
    : typeof body.input === 'string'
      ? [body.input]
      : null;
  if (!inputs) throw bad("'input' is a required property", 'input');
  const size = body.dimensions ?? DEFAULT_DIMENSIONS;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > MAX_DIMENSIONS)
    throw bad(`'dimensions' must be an integer from 1 to ${MAX_DIMENSIONS}`, 'dimensions');
  const tokens = inputs.reduce((n, s) => n + words(s).length, 0);
  return {
    object: 'list',
    model,
    data: inputs.map((s, index) => ({ object: 'embedding', index, embedding: embed(s, size) })),
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}
