/**
 * What the census says of a bot's knowledge base (issue 35, docs/contract.md "Knowledge bases"): the KBs the
 * indexer makes of its documents (one per subfolder of `<bot>.gbkb/`; a file directly under it is never indexed),
 * the names its dialogs `USE KB` and which of them match no such KB (a mistake General Bots' own templates make),
 * and how many points the vector store holds for each KB (collection `<bot>_<first 8 of its id>_<kb>`, §11.10).
 */
import type { BotPackage } from '../../stack/bot-package.ts';

/** The KB folders of a package, the files directly under `.gbkb/` (never indexed), and the `USE KB` names. */
export function knowledgeOf(pkg: BotPackage): {
  folders: string[];
  loose: string[];
  useKb: string[];
  unmatched: string[];
} {
  const prefix = `${pkg.name}.gbkb/`;
  const under = pkg.files
    .map((f) => f.key)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  const folders = [...new Set(under.filter((k) => k.includes('/')).map((k) => k.split('/')[0]!))].sort();
  const loose = under.filter((k) => !k.includes('/')).sort();
  const useKb = [
    ...new Set(
      pkg.files
        .filter((f) => f.key.startsWith(`${pkg.name}.gbdialog/`) && f.key.endsWith('.bas'))
        .flatMap((f) => [...f.body.toString('utf8').matchAll(/^\s*USE\s+KB\s+"([^"]*)"/gim)].map((m) => m[1]!)),
    ),
  ].sort();
  return { folders, loose, useKb, unmatched: useKb.filter((n) => !folders.includes(n)) };
}

/** The points the vector store at `qdrantUrl` holds for each KB folder of the bot (id `botId`); a KB with no
 * collection counts 0. Undefined when the store does not answer. */
export async function pointsStored(
  qdrantUrl: string,
  bot: string,
  botId: string,
  folders: string[],
): Promise<Record<string, number> | undefined> {
  const out: Record<string, number> = {};
  try {
    for (const kb of folders) {
      const r = await fetch(
        `${qdrantUrl}/collections/${encodeURIComponent(`${bot}_${botId.replace(/-/g, '').slice(0, 8)}_${kb}`)}`,
        { signal: AbortSignal.timeout(5000) },
      );
      out[kb] = r.ok
        ? Number(((await r.json()) as { result?: { points_count?: number } }).result?.points_count ?? 0)
        : 0;
    }
    return out;
  } catch {
    return undefined;
  }
}
