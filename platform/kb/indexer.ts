/**
 * The reference platform's knowledge-base indexer, run by the drive monitor on each bot's scan (contract §11.10, as
 * BotServer's drive monitor does, DM:113-250): each new or changed `<bot>.gbkb/<kb>/<file>` (by ETag) is read,
 * chunked (platform/kb/documents.ts), embedded through the bot's `embedding-url` and stored in the bot's
 * `vectordb-url` (else QDRANT_URL) in collection `<bot>_<first 8 of its uuid>_<kb>`, its old points removed first; a
 * document gone from the drive has its points removed. A document that fails is logged ("KB indexing failed for
 * <path>", as HEAD words it) and tried again 5 s later. A profile with `kb.configReadOnce` (HEAD, caveat
 * kbConfigReadOnce) reads a bot's config once, when its bucket is first seen, before its config.csv is synced.
 */
import type pg from 'pg';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BotConfig } from '../chat/bot-config.ts';
import { chunks, documentText, kbDocument } from './documents.ts';
import { embed, embeddingConfig } from './embedder.ts';
import { VectorStore, collectionName } from './vector-store.ts';
import type { KbSteps } from './kb-steps.ts';

const RETRY_MS = 5000;

/** A listed drive object (ListObjectsV2's Contents). */
export interface Listed {
  Key?: string;
  ETag?: string;
}

interface Indexed {
  etag: string;
  collection: string;
  documentPath: string;
  store: string;
  /** When it failed (then it is tried again RETRY_MS later). */
  failedAt?: number;
}

export class KbIndexer {
  /** What is indexed, by `<bucket>/<key>`. */
  private readonly indexed = new Map<string, Indexed>();
  /** `fallbackUrl`: the vector store when a bot names none (QDRANT_URL, else Qdrant's default address);
   * `configReadOnce`: the profile's `kb.configReadOnce`. */
  private readonly deps: {
    s3: S3Client;
    db: pg.Pool;
    botConfig: BotConfig;
    steps: KbSteps;
    fallbackUrl: string;
    configReadOnce: boolean;
  };
  /** Under `configReadOnce`: each bot's config rows as they were when its bucket was first seen, by bot id. */
  private readonly frozen = new Map<string, Map<string, string>>();

  constructor(deps: KbIndexer['deps']) {
    this.deps = deps;
  }

  /** The drive monitor found bot `botId`'s bucket, before syncing its config.csv: under `configReadOnce` its config
   * rows are read now, once (a new bot has none yet). */
  async seen(botId: string): Promise<void> {
    if (!this.deps.configReadOnce || this.frozen.has(botId)) return;
    const r = await this.deps.db.query(`SELECT config_key, config_value FROM bot_configuration WHERE bot_id = $1`, [
      botId,
    ]);
    this.frozen.set(botId, new Map(r.rows.map((row) => [row.config_key as string, row.config_value as string])));
  }

  /** Indexes what changed among bot `bot`'s listed objects and removes what is gone. Never throws: failures are logged. */
  async scan(bot: string, botId: string, listed: Listed[]): Promise<void> {
    const bucket = `${bot}.gbai`;
    const docs = listed.map((o) => ({ o, doc: kbDocument(bot, o.Key ?? '') })).filter((d) => d.doc);
    const now = Date.now();
    const todo = docs.filter(({ o }) => {
      const seen = this.indexed.get(`${bucket}/${o.Key}`);
      return !seen || seen.etag !== o.ETag || (seen.failedAt !== undefined && now - seen.failedAt > RETRY_MS);
    });
    const gone = [...this.indexed.keys()].filter(
      (k) => k.startsWith(`${bucket}/`) && !listed.some((o) => `${bucket}/${o.Key}` === k),
    );
    if (!todo.length && !gone.length) return;
    const config = this.frozen.get(botId) ?? (await this.deps.botConfig.get(botId, bot));
    const store = new VectorStore(config.get('vectordb-url') || this.deps.fallbackUrl);
    for (const k of gone) {
      const was = this.indexed.get(k)!;
      await new VectorStore(was.store).deleteDocument(was.collection, was.documentPath).then(
        () => {
          this.indexed.delete(k);
          console.log(`kb: ${was.documentPath} is gone from the drive: its points removed from ${was.collection}`);
        },
        (e) => console.error(`kb: could not remove the points of ${was.documentPath}: ${(e as Error).message}`),
      );
    }
    for (const { o, doc } of todo) {
      const collection = collectionName(bot, botId, doc!.kb);
      const entry: Indexed = { etag: o.ETag ?? '', collection, documentPath: doc!.documentPath, store: store.base };
      try {
        const body = Buffer.from(
          await (
            await this.deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: o.Key! }), {
              abortSignal: AbortSignal.timeout(5000),
            })
          ).Body!.transformToByteArray(),
        );
        const text = await documentText(doc!.file, body, this.deps.steps.readsPdf);
        if (text === undefined) {
          console.log(`kb: ${doc!.documentPath} is of a type the reference platform does not read: not indexed`);
        } else {
          const emb = embeddingConfig(config);
          const pieces = chunks(text);
          // Embedded 100 chunks a request: a long PDF's thousands of chunks would not fit one request's deadline.
          const vectors: number[][] = [];
          for (let i = 0; i < pieces.length; i += 100) vectors.push(...(await embed(emb, pieces.slice(i, i + 100))));
          await store.ensureCollection(collection, emb.dimensions);
          if (this.deps.steps.removesOldPoints) await store.deleteDocument(collection, doc!.documentPath);
          if (pieces.length)
            await store.upsert(
              collection,
              doc!.documentPath,
              pieces.map((content, i) => ({ content, vector: vectors[i]! })),
            );
          console.log(`kb: indexed ${pieces.length} chunks of ${doc!.documentPath} into ${collection} (${store.base})`);
        }
      } catch (e) {
        entry.failedAt = Date.now();
        console.error(
          `kb: KB indexing failed for ${doc!.documentPath} (tried again in ${RETRY_MS / 1000} s): ${(e as Error).message}`,
        );
      }
      this.indexed.set(`${bucket}/${o.Key}`, entry);
    }
  }
}
