/**
 * A knowledge base's documents as the drive holds them, and their text in chunks (contract §11.10, written here
 * from what it says BotServer does, nothing copied):
 * - only `<bot>.gbkb/<kb>/<file>` is a document, the subfolder being the KB's name; a file directly under `.gbkb/`
 *   or in a folder below `<kb>/` is not (DM:536-621);
 * - text: txt, md, csv, json, xml as they are, html without its tags, pdf's text (read by unpdf, Mozilla's pdf.js)
 *   (`document_processor/types.rs:21-39`; office formats — docx, pptx, xlsx, rtf — are not read by the reference
 *   platform, and say so in its log);
 * - whitespace collapsed, chunks of 1000 characters overlapping by 200, a chunk ending at the last whitespace within
 *   its last 100 characters, chunks under 10 characters dropped (`document_processor/mod.rs:22-26, 638-727`).
 */
import { extractText, getDocumentProxy } from 'unpdf';

/** The chunk size and overlap, in characters (§11.10). */
export const CHUNK_SIZE = 1000;
export const CHUNK_OVERLAP = 200;

const TEXT_TYPES = new Set(['txt', 'md', 'markdown', 'csv', 'json', 'xml']);

/** A document's place: its KB and file name. */
export interface KbDocument {
  kb: string;
  file: string;
  /** The payload's `document_path`: `<bot>.gbai/<bot>.gbkb/<kb>/<file>` (§11.10, DM:224). */
  documentPath: string;
}

/** The document that drive key `key` of bot `bot` is, or undefined when the key is no KB document (see above). */
export function kbDocument(bot: string, key: string): KbDocument | undefined {
  const prefix = `${bot}.gbkb/`;
  if (!key.startsWith(prefix)) return undefined;
  const parts = key.slice(prefix.length).split('/');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return undefined;
  return { kb: parts[0], file: parts[1], documentPath: `${bot}.gbai/${key}` };
}

/**
 * The text of a document, or undefined when its type is not read (by its extension, case-insensitive). A PDF's text
 * is its pages' text in order (unless `readsPdf` is false: a seeded mutation). Rejects when a PDF cannot be parsed (the indexer logs it as a failed document).
 */
export async function documentText(file: string, body: Buffer, readsPdf = true): Promise<string | undefined> {
  const ext = file.includes('.') ? file.slice(file.lastIndexOf('.') + 1).toLowerCase() : '';
  if (TEXT_TYPES.has(ext)) return body.toString('utf8');
  if (ext === 'pdf' && readsPdf) {
    const pdf = await getDocumentProxy(new Uint8Array(body));
    return (await extractText(pdf, { mergePages: true })).text;
  }
  if (ext === 'html' || ext === 'htm')
    return body
      .toString('utf8')
      .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
      .replace(/<[^>]+>/g, ' ');
  return undefined;
}

/** `text` with its whitespace collapsed and cut into overlapping chunks (see the file comment). */
export function chunks(text: string): string[] {
  const chars = [...text.split(/\s+/).filter(Boolean).join(' ')];
  const out: string[] = [];
  let start = 0;
  while (start < chars.length) {
    const end = Math.min(start + CHUNK_SIZE, chars.length);
    let cut = end;
    if (end < chars.length) {
      for (let i = end - 1; i >= Math.max(start, end - 100); i--)
        if (chars[i] === ' ') {
          cut = i + 1;
          break;
        }
    }
    const chunk = chars.slice(start, cut).join('');
    if (chunk.trim().length >= 10) out.push(chunk);
    if (cut >= chars.length) break;
    start = cut >= CHUNK_OVERLAP && cut - CHUNK_OVERLAP > start ? cut - CHUNK_OVERLAP : cut;
  }
  return out;
}
