/**
 * The vector store as BotServer speaks to it: Qdrant's REST API, no api-key (contract §11.10, KI:137-656,
 * KC:188-391). A collection per bot and KB, `<bot>_<first 8 of the bot's uuid>_<kb>` (KI:564), vectors compared by
 * cosine; each point's payload holds its chunk (`content`), its document (`document_path`) and its place.
 */
import { randomUUID } from 'node:crypto';

const DEADLINE_MS = 10_000;

/** A search hit: its score and payload. */
export interface Hit {
  score: number;
  content: string;
  documentPath: string;
}

/** The collection of a bot's KB (KI:564). */
export function collectionName(bot: string, botId: string, kb: string): string {
  return `${bot}_${botId.slice(0, 8)}_${kb}`;
}

/** A Qdrant REST call; throws naming the call and Qdrant's answer when it does not answer 2xx (404 is returned). */
async function call(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: { result?: unknown } }> {
  const r = await fetch(`${base.replace(/\/+$/, '')}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(DEADLINE_MS),
  });
  const text = await r.text();
  if (!r.ok && r.status !== 404)
    throw new Error(`vector store: ${method} ${path} answered ${r.status}: ${text.slice(0, 300)}`);
  return { status: r.status, json: text ? JSON.parse(text) : {} };
}

/** The vector store at `base` (`vectordb-url`, or QDRANT_URL for the chat). */
export class VectorStore {
  readonly base: string;
  constructor(base: string) {
    this.base = base;
  }

  /** Makes `collection` with vectors of `size` (cosine) unless it is there with that size; one of another size is
   * deleted and made again, as BotServer does (KI:335-410). Throws when Qdrant refuses. */
  async ensureCollection(collection: string, size: number): Promise<void> {
    const info = await call(this.base, 'GET', `/collections/${encodeURIComponent(collection)}`);
    const existing = (info.json.result as { config?: { params?: { vectors?: { size?: number } } } } | undefined)?.config
      ?.params?.vectors?.size;
    if (info.status === 200 && existing === size) return;
    if (info.status === 200) await call(this.base, 'DELETE', `/collections/${encodeURIComponent(collection)}`);
    await call(this.base, 'PUT', `/collections/${encodeURIComponent(collection)}`, {
      vectors: { size, distance: 'Cosine' },
    });
  }

  /** Removes every point of `documentPath` from `collection` (waited for). A missing collection is nothing to remove. */
  async deleteDocument(collection: string, documentPath: string): Promise<void> {
    await call(this.base, 'POST', `/collections/${encodeURIComponent(collection)}/points/delete?wait=true`, {
      filter: { must: [{ key: 'document_path', match: { value: documentPath } }] },
    });
  }

  /** Stores one point per chunk of `documentPath` (waited for). Throws when Qdrant refuses (a wrong vector size: 400). */
  async upsert(
    collection: string,
    documentPath: string,
    chunks: { content: string; vector: number[] }[],
  ): Promise<void> {
    const points = chunks.map((c, i) => ({
      id: randomUUID(),
      vector: c.vector,
      payload: { content: c.content, document_path: documentPath, chunk_index: i, total_chunks: chunks.length },
    }));
    // In batches of 100, as BotServer upserts (§11.10, KI:493-530).
    for (let i = 0; i < points.length; i += 100)
      await call(this.base, 'PUT', `/collections/${encodeURIComponent(collection)}/points?wait=true`, {
        points: points.slice(i, i + 100),
      });
  }

  /** The `limit` nearest points to `vector` in `collection` (none when it does not exist). */
  async search(collection: string, vector: number[], limit: number): Promise<Hit[]> {
    const r = await call(this.base, 'POST', `/collections/${encodeURIComponent(collection)}/points/search`, {
      vector,
      limit,
      with_payload: true,
      with_vector: false,
    });
    if (r.status === 404) return [];
    return ((r.json.result ?? []) as { score: number; payload?: Record<string, unknown> }[]).map((h) => ({
      score: h.score,
      content: String(h.payload?.content ?? ''),
      documentPath: String(h.payload?.document_path ?? ''),
    }));
  }
}
