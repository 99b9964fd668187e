/**
 * A bot package as BotServer reads it from the drive (contract §7): a folder `<bot>.gbai/` holding
 * `<bot>.gbdialog/*.bas` (BASIC dialogs), `<bot>.gbot/config.csv` (and `prompt.md`), `<bot>.gbkb/…` documents.
 * Loading checks everything before anything is uploaded, so that a bad package is refused at once with a message
 * naming it and leaves nothing behind.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { ConfigError } from './errors.ts';

/** The folder of a package that holds its conversation files (`<name>.gbtest/*.yml`, docs/conversations.md): read
 * by the conversations project, never uploaded to the drive. */
export const TEST_FOLDER = '.gbtest';

/** The most a package may hold, all files together: a test bot is small, and a stray folder should not upload. */
export const MAX_PACKAGE_BYTES = 10 * 1024 * 1024;

/** A bot name that is also a valid S3 bucket name once `.gbai` is added (lowercase letters, digits, hyphens). */
export const BOT_NAME = /^[a-z0-9][a-z0-9-]{0,56}[a-z0-9]$|^[a-z0-9]$/;

export interface PackageFile {
  /** The object key in the bot's bucket, e.g. `greet.gbdialog/start.bas`. */
  key: string;
  body: Buffer;
}

export interface BotPackage {
  /** The bot's name: the folder name without `.gbai`. */
  name: string;
  /** The folder it was read from (absolute). */
  dir: string;
  files: PackageFile[];
  /** Keys of files outside the bot's `<name>.gb*` folders, where BotServer does not look (loaded with
   * `strays: 'keep'` only; refused otherwise). */
  strays?: string[];
}

async function walk(dir: string, root: string, source: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new ConfigError(
      source,
      `${dir} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix its permissions or leave it out of the package`,
    );
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    // A link counts as what it points to; a link to nothing is a file that cannot be read.
    const kind = e.isSymbolicLink()
      ? await stat(full).catch((err: NodeJS.ErrnoException) => {
          throw new ConfigError(
            source,
            `${full} cannot be read (${err.code ?? err.message}: a link to nothing); fix it or remove it from the package`,
          );
        })
      : e;
    if (kind.isDirectory()) out.push(...(await walk(full, root, source)));
    else if (kind.isFile()) out.push(full);
    else
      throw new ConfigError(
        source,
        `${full} is neither a file nor a folder (a device or a pipe); a bot package holds plain files only`,
      );
  }
  return out;
}

/**
 * Reads and checks the package folder `dir` (`source` names the flag or variable it came from, for the message).
 * Throws a ConfigError naming the folder or file: not a `<name>.gbai` folder, a name that is no valid bucket name,
 * an unreadable file, more than MAX_PACKAGE_BYTES, no `.bas` dialog and no `config.csv`, or a file outside the
 * bot's `<name>.gb*` folders (with `opts.strays: 'keep'`, as a census of shipped packages loads them, such files
 * are kept, uploaded as they are, and listed in `strays`).
 */
export async function loadBotPackage(
  dir: string,
  source = 'bot package',
  opts: { strays?: 'refuse' | 'keep' } = {},
): Promise<BotPackage> {
  const abs = resolve(dir);
  const info = await stat(abs).catch(() => undefined);
  if (!info) throw new ConfigError(source, `${dir} does not exist; give the path of a <name>.gbai folder`);
  if (!info.isDirectory())
    throw new ConfigError(source, `${dir} is not a folder; a bot package is a <name>.gbai folder (contract §7)`);
  const folder = basename(abs);
  if (!folder.endsWith('.gbai'))
    throw new ConfigError(
      source,
      `${dir} is not a bot package: its folder name must end in .gbai (e.g. mybot.gbai/mybot.gbdialog/start.bas)`,
    );
  const name = folder.slice(0, -'.gbai'.length);
  if (!BOT_NAME.test(name))
    throw new ConfigError(
      source,
      `${dir}: the bot name "${name}" must be lowercase letters, digits and hyphens (it becomes the S3 bucket ${name}.gbai)`,
    );
  const paths = await walk(abs, abs, source);
  let total = 0;
  const files: PackageFile[] = [];
  const strays: string[] = [];
  for (const path of paths) {
    const key = relative(abs, path).split(sep).join('/');
    const top = key.split('/')[0]!;
    // The bot's conversation files are the author's tests, never the bot's: they stay out of the drive.
    if (top === `${name}${TEST_FOLDER}`) continue;
    const stray = !key.includes('/') || !top.startsWith(`${name}.gb`);
    if (stray && opts.strays === 'keep') strays.push(key);
    else if (stray) {
      throw new ConfigError(
        source,
        `${path} is outside the bot's folders: every file of ${folder} belongs in ${name}.gbdialog/, ${name}.gbot/, ${name}.gbkb/ (or another ${name}.gb* folder)`,
      );
    }
    let body: Buffer;
    try {
      body = await readFile(path);
    } catch (e) {
      throw new ConfigError(
        source,
        `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix its permissions or remove it from the package`,
      );
    }
    total += body.length;
    if (total > MAX_PACKAGE_BYTES)
      throw new ConfigError(
        source,
        `${dir} holds more than ${MAX_PACKAGE_BYTES / 1024 / 1024} MiB (at ${key}); a test bot package must stay under that`,
      );
    files.push({ key, body });
  }
  if (!files.some((f) => !strays.includes(f.key) && (f.key.endsWith('.bas') || f.key.endsWith('/config.csv')))) {
    throw new ConfigError(
      source,
      `${dir} has no dialog (${name}.gbdialog/*.bas) and no ${name}.gbot/config.csv: nothing for the platform to take up`,
    );
  }
  return {
    name,
    dir: abs,
    files: files.sort((a, b) => a.key.localeCompare(b.key)),
    ...(opts.strays === 'keep' ? { strays: strays.sort() } : {}),
  };
}

/** The same package under another bot name: the keys under `<old>.gbdialog/`, `<old>.gbot/`, … move to `<new>.…` (a bot per test). */
export function renamePackage(pkg: BotPackage, name: string): BotPackage {
  if (!BOT_NAME.test(name))
    throw new ConfigError('bot name', `"${name}" must be lowercase letters, digits and hyphens`);
  const moved = (key: string) => (key.startsWith(`${pkg.name}.gb`) ? `${name}${key.slice(pkg.name.length)}` : key);
  return {
    ...pkg,
    name,
    files: pkg.files.map((f) => ({ ...f, key: moved(f.key) })),
    ...(pkg.strays ? { strays: pkg.strays.map(moved) } : {}),
  };
}

/** The dialogs of a package that the builds compile: keys `<bot>.gbdialog/<name>.bas` (not in a subfolder: neither
 * HEAD nor the reference platform compiles `<bot>.gbdialog/<sub>/<name>.bas`, measured 2026-12-02 on the marketing
 * template, so a deploy does not wait for them). */
export function dialogKeys(pkg: BotPackage): string[] {
  return pkg.files
    .filter(
      (f) =>
        f.key.startsWith(`${pkg.name}.gbdialog/`) &&
        f.key.endsWith('.bas') &&
        !f.key.slice(pkg.name.length + '.gbdialog/'.length).includes('/'),
    )
    .map((f) => f.key);
}

/** `.bas` files in a subfolder of the package's `.gbdialog/` (which no build compiles: see dialogKeys). */
export function nestedDialogKeys(pkg: BotPackage): string[] {
  return pkg.files
    .filter(
      (f) => f.key.startsWith(`${pkg.name}.gbdialog/`) && f.key.endsWith('.bas') && !dialogKeys(pkg).includes(f.key),
    )
    .map((f) => f.key);
}
