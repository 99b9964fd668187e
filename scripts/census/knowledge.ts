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

/** The document the census asks about: where it is and its text, whitespace collapsed. */
export interface AskedDocument {
  kb: string;
  file: string;
  /** The builds' `document_path`, quoted as `Fonte: <path>` in the prompt's KB block (§11.10). */
  documentPath: string;
  text: string;
}

const TEXT_TYPES = /\.(txt|md|markdown|csv|json|xml)$/i;

/** A document's text as the census reads it (text types as they are, HTML without tags, PDF's text by unpdf), or
 * undefined for a type it does not read (office formats). Never throws: an unreadable PDF is undefined. */
async function readable(key: string, body: Buffer): Promise<string | undefined> {
  let text: string | undefined;
  if (TEXT_TYPES.test(key)) text = body.toString('utf8');
  else if (/\.html?$/i.test(key))
    text = body
      .toString('utf8')
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ');
  else if (/\.pdf$/i.test(key)) {
    const { extractText, getDocumentProxy } = await import('unpdf');
    text = await getDocumentProxy(new Uint8Array(body))
      .then(async (pdf) => (await extractText(pdf, { mergePages: true })).text)
      .catch(() => undefined);
  }
  const collapsed = text?.split(/\s+/).filter(Boolean).join(' ');
  return collapsed && collapsed.length >= 10 ? collapsed : undefined;
}

/**
 * The first document (by name) of the first KB folder the dialogs `USE KB` — else of the first KB folder — that the
 * census can read; undefined when the package has none. `folders`/`useKb`: from knowledgeOf.
 */
export async function firstDocument(
  pkg: BotPackage,
  k: { folders: string[]; useKb: string[] },
): Promise<AskedDocument | undefined> {
  const order = [...k.folders.filter((f) => k.useKb.includes(f)), ...k.folders.filter((f) => !k.useKb.includes(f))];
  for (const kb of order) {
    const prefix = `${pkg.name}.gbkb/${kb}/`;
    const files = pkg.files
      .filter((f) => f.key.startsWith(prefix) && !f.key.slice(prefix.length).includes('/'))
      .sort((a, b) => a.key.localeCompare(b.key));
    for (const f of files) {
      const text = await readable(f.key, f.body);
      if (text) return { kb, file: f.key.slice(prefix.length), documentPath: `${pkg.name}.gbai/${f.key}`, text };
    }
  }
  return undefined;
}

/** A visitor's question about `doc`: its first twenty words (markup dropped), then `token`. */
export function questionAbout(doc: AskedDocument, token: string): string {
  return `What do you know about this: ${plain(doc.text).split(' ').slice(0, 20).join(' ')}? ${token}`;
}

/** Text without markup and with its whitespace collapsed: how a document, a question and a prompt are compared. */
function plain(t: string): string {
  return t
    .replace(/[#*_`>|[\](){}<>"]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}

/** `s` as a regular expression matching it literally. */
const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a prompt's text carries `doc` beside the visitor's `question` (which quotes the document's first words).
 * Where the prompt names the bot's KB documents by path (the KB block's source line, `Fonte: <path>` on HEAD and the
 * reference platform), by its path only, whole (`a.md` is not `a.md.old`, `a.md.` is): two documents may open alike. Else by its
 * first 60 characters, markup aside, outside the question (with or without its token).
 */
export function carriesDocument(prompt: string, doc: AskedDocument, question: string): boolean {
  const kbPath = doc.documentPath.slice(0, doc.documentPath.indexOf('.gbkb/') + '.gbkb/'.length);
  if (prompt.includes(kbPath)) return new RegExp(`${literal(doc.documentPath)}(?![\\w/-]|\\.\\w)`).test(prompt);
  const asked = plain(question);
  const withoutToken = asked.slice(0, asked.lastIndexOf(' '));
  const rest = plain(prompt).split(asked).join(' ').split(withoutToken).join(' ');
  return rest.includes(plain(doc.text).slice(0, 60));
}
