/**
 * Retrieval from the session's knowledge bases into the LLM's prompt (contract §11.10, as BotServer's chat does,
 * KC:123-131, 172-541): the visitor's message is embedded through the bot's `embedding-url`, each KB the session
 * uses (`USE KB`) is searched in the vector store of env QDRANT_URL (then VECTORDB_URL, then Qdrant's default address:
 * the chat reads no bot config for it), 10 hits at most, those scoring under 0.20 or holding under 20 characters
 * dropped; the passages form one block in the build's shape, cut to about 4000 tokens (a token: 4 characters):
 *   --- Informações de Contexto (Base de Conhecimento) ---
 *   ## De '<kb>':
 *   ### Resultado N (relevância: 0.xx):
 *   <passage>
 *   Fonte: <document_path>
 *   --- Fim do Contexto ---
 */
import type { BotConfig } from '../chat/bot-config.ts';
import { embed, embeddingConfig } from './embedder.ts';
import { VectorStore, collectionName, type Hit } from './vector-store.ts';
import type { KbSteps } from './kb-steps.ts';

export const SEARCH_LIMIT = 10;
export const MIN_SCORE = 0.2;
export const MAX_CONTEXT_TOKENS = 4000;

/** The vector store the chat searches: env QDRANT_URL, then VECTORDB_URL, then Qdrant's default (KC:123-131). */
export function chatVectorStoreUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.QDRANT_URL || env.VECTORDB_URL || 'http://127.0.0.1:6333';
}

/** The block for the passages found per KB (none found: ''), cut line by line to `maxTokens` (KC:404-460). */
export function contextBlock(found: { kb: string; hits: Hit[] }[], maxTokens = MAX_CONTEXT_TOKENS): string {
  const withHits = found.filter((f) => f.hits.length);
  if (!withHits.length) return '';
  const parts = ['\n--- Informações de Contexto (Base de Conhecimento) ---'];
  for (const { kb, hits } of withHits) {
    parts.push(`\n## De '${kb}':`);
    hits.forEach((h, i) => {
      parts.push(`\n### Resultado ${i + 1} (relevância: ${h.score.toFixed(2)}):\n${h.content}`);
      if (h.documentPath) parts.push(`Fonte: ${h.documentPath}`);
    });
  }
  parts.push('\n--- Fim do Contexto ---\n');
  let tokens = 0;
  let out = '';
  for (const line of parts.join('\n').split('\n')) {
    tokens += Math.floor(line.length / 4) + 1;
    if (tokens > maxTokens) break;
    out += `${line}\n`;
  }
  return out;
}

export class KbRetriever {
  private readonly deps: { botConfig: BotConfig; steps: KbSteps; storeUrl: string };
  constructor(deps: KbRetriever['deps']) {
    this.deps = deps;
  }

  /**
   * The block of passages from `kbs` (the session's, in order) for the visitor's `query` to bot `bot` (id `botId`);
   * '' when the session uses none or nothing is found. Never throws: a failure is logged and gives ''.
   */
  async block(kbs: readonly string[], query: string, bot: string, botId: string): Promise<string> {
    if (!kbs.length || !this.deps.steps.retrieves) return '';
    try {
      const [vector] = await embed(embeddingConfig(await this.deps.botConfig.get(botId, bot)), [query]);
      const store = new VectorStore(this.deps.storeUrl);
      const found = await Promise.all(
        kbs.map(async (kb) => ({
          kb,
          hits: (await store.search(collectionName(bot, botId, kb), vector!, SEARCH_LIMIT)).filter(
            (h) => h.score >= MIN_SCORE && h.content.length >= 20,
          ),
        })),
      );
      return contextBlock(found);
    } catch (e) {
      console.error(`kb: searching ${kbs.join(', ')} for bot ${bot} failed: ${(e as Error).message}`);
      return '';
    }
  }
}
