/**
 * Embeddings as BotServer asks for them (contract §11.10, EG:52-124, 618-649): `POST <embedding-url>` as given (a
 * full `/v1/embeddings` URL) with `{"input":[…],"model"}`, `Authorization: Bearer <embedding-key>` when one is set;
 * the vector size is the bot's `embedding-dimensions` (without it BotServer guesses 2048 from the model's name).
 */

/** The size when `embedding-dimensions` is not set (BotServer's guess for its default model, EG:52-124). */
export const GUESSED_DIMENSIONS = 2048;

/** What the bot's config says about its embeddings. */
export interface EmbeddingConfig {
  url: string;
  model: string;
  key: string;
  dimensions: number;
}

/** The embedding settings of a bot's config rows (`embedding-url`, `-model`, `-key`, `-dimensions`). */
export function embeddingConfig(config: Map<string, string>): EmbeddingConfig {
  const dims = Number(config.get('embedding-dimensions'));
  return {
    url: config.get('embedding-url') ?? '',
    model: config.get('embedding-model') ?? '',
    key: config.get('embedding-key') ?? '',
    dimensions: Number.isInteger(dims) && dims > 0 ? dims : GUESSED_DIMENSIONS,
  };
}

/** One vector per text of `input`; throws naming the URL when there is none or it does not answer 200 with them. */
export async function embed(config: EmbeddingConfig, input: string[]): Promise<number[][]> {
  if (!config.url) throw new Error("no embedding-url in the bot's config");
  const r = await fetch(config.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(config.key ? { authorization: `Bearer ${config.key}` } : {}) },
    body: JSON.stringify({ input, model: config.model }),
    signal: AbortSignal.timeout(30_000),
  });
  if (!r.ok) throw new Error(`embeddings: POST ${config.url} answered ${r.status}: ${(await r.text()).slice(0, 200)}`);
  const data = ((await r.json()) as { data?: { embedding?: number[] }[] }).data ?? [];
  if (data.length !== input.length || data.some((d) => !Array.isArray(d.embedding)))
    throw new Error(`embeddings: POST ${config.url} gave ${data.length} vectors for ${input.length} texts`);
  return data.map((d) => d.embedding!);
}
