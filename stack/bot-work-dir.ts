/**
 * What a deploy reads to know the platform took a bot up (stack/bot-deploy.ts): the platform's log from an offset,
 * the work dir's compiled form of each dialog (contract §11.8), told apart from a stale one, and the work dir's copy
 * of the bot's prompt file.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A file's modification time in ms (0 when there is none). */
export async function mtime(path: string): Promise<number> {
  return (await stat(path).catch(() => undefined))?.mtimeMs ?? 0;
}

/** A log's size now, in bytes (0 when there is none): where reading what comes next starts. */
export async function logSize(file: string | undefined): Promise<number> {
  return file ? ((await stat(file).catch(() => undefined))?.size ?? 0) : 0;
}

/** What a log holds from byte `offset` on ('' when there is none). */
export async function logSince(file: string | undefined, offset: number): Promise<string> {
  if (!file) return '';
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return '';
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.max(0, size - offset));
    await fh.read(buf, 0, buf.length, offset);
    return buf.toString('utf8');
  } finally {
    await fh.close();
  }
}

/** The work dir's compiled form of a dialog key (`<bot>.gbdialog/start.bas` → `<work>/<bot>.gbai/<bot>.gbdialog/start.ast`). */
export function compiledPath(workPath: string, bot: string, key: string): string {
  return join(workPath, `${bot}.gbai`, key.replace(/\.bas$/, '.ast'));
}

/**
 * Whether the work dir holds the dialog compiled from `source`: the platform's copy of the `.bas` is `source`,
 * the `.ast` was written after that copy and after the upload began, and it holds every string literal of
 * `source`. (PRE writes a first `.ast` from the previous version of a changed dialog, and a session opened then
 * runs the old dialog: measured 2026-11-30; the copy and the literals tell the two writes apart.)
 */
export async function compiledFrom(ast: string, source: Buffer, notBefore: number): Promise<boolean> {
  // notBefore 0: no compiled form before this upload (a new dialog), so none it could be stale from: the copy and
  // the times tell. (The literal check is for a changed dialog: PRE compiles it once from the previous version.)
  const astTime = await mtime(ast);
  const copy = ast.replace(/\.ast$/, '.bas');
  if (astTime <= notBefore || astTime < (await mtime(copy))) return false;
  const [copied, compiled] = await Promise.all([
    readFile(copy).catch(() => undefined),
    readFile(ast, 'utf8').catch(() => ''),
  ]);
  if (!copied?.equals(source)) return false;
  return notBefore === 0 || statementLiterals(source.toString('utf8')).every((literal) => compiled.includes(literal));
}

/**
 * The string literals a build keeps in a dialog's compiled form: those of every line but a tool's declarations and
 * a schedule. HEAD writes a tool dialog's `.ast` without its `PARAM` and `DESCRIPTION` lines (they become the tool's
 * schema; measured 2026-12-01, issue 27) and turns `SET SCHEDULE "cron"` into something else (its literal is not in
 * the .ast: measured on the reminder template, 2026-12-02), so their literals are no sign of which version was compiled.
 */
export function statementLiterals(source: string): string[] {
  return source
    .split(/\r?\n/)
    .filter((l) => !/^\s*(PARAM|DESCRIPTION|SET\s+SCHEDULE)\b/i.test(l))
    .flatMap((l) => l.match(/"[^"\n]*"/g) ?? []);
}

/** What the work dir holds for a dialog that is not (yet) compiled from the upload, for the deadline's message. */
export async function workDirState(workPath: string, bot: string, key: string, source: Buffer): Promise<string> {
  const ast = compiledPath(workPath, bot, key);
  const [copied, compiled] = await Promise.all([
    readFile(ast.replace(/\.ast$/, '.bas')).catch(() => undefined),
    readFile(ast, 'utf8').catch(() => undefined),
  ]);
  if (compiled === undefined) return `${key} (no ${ast})`;
  if (copied?.equals(source))
    return `${key} (the platform's copy of the .bas is the upload, but its .ast was compiled from another version: ${JSON.stringify(compiled.slice(0, 120))})`;
  return `${key} (the platform's copy of the .bas is ${copied ? 'another version' : 'missing'})`;
}

/** Whether `key` is a bot's prompt file (`<bot>.gbot/prompt.md` or `prompt.txt`, in any case): every build
 * copies it from the drive into its work dir and reads it there on each turn (contract "Tools, context and prompt
 * blocks"; HEAD's and PRE's drive monitors sync a "prompt" file to the work dir). */
export function isPromptKey(key: string): boolean {
  return /^[^/]+\.gbot\/prompt\.(md|txt)$/i.test(key);
}

/** Whether the platform's work dir holds `key`'s copy with exactly `body` (`<work>/<bot>.gbai/<key>`). */
export async function copiedToWork(workPath: string, bot: string, key: string, body: Buffer): Promise<boolean> {
  const copy = await readFile(join(workPath, `${bot}.gbai`, key)).catch(() => undefined);
  return !!copy?.equals(body);
}
