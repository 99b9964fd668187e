/**
 * What the project's scripts share as commands: whether a module is the one `node` was asked to run, and their
 * arguments read strictly (an unknown or misspelt flag is refused, never ignored).
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Whether the module of `meta` (pass `import.meta`) is the entry point `node` ran, by whatever path it was given:
 * one with a space or another character a URL escapes, or through a symlink. Node's own `import.meta.main` (22.18
 * and later) where it exists; otherwise the module's file against the real path of `process.argv[1]`. Not
 * `import.meta.url === \`file://${process.argv[1]}\``, which is false for such paths, and the script then does nothing.
 */
export function isMain(meta: ImportMeta): boolean {
  const main = (meta as { main?: unknown }).main;
  if (typeof main === 'boolean') return main;
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return fileURLToPath(meta.url) === realpathSync(resolve(entry));
  } catch {
    return false;
  }
}

/**
 * A command's arguments by node:util's parseArgs, strict. `--help` (or `-h`) before any `--` prints
 * `usage: USAGE` on stdout and exits 0; an unknown option, a missing value or an unexpected positional prints
 * `NAME: what is wrong` (parseArgs names the argument) and the usage line on stderr and exits 2.
 */
export function cliArgs<T extends ParseArgsConfig>(
  name: string,
  usage: string,
  config: T,
  args: string[] = process.argv.slice(2),
): ReturnType<typeof parseArgs<T>> {
  const end = args.indexOf('--');
  const own = end < 0 ? args : args.slice(0, end);
  if (own.includes('--help') || own.includes('-h')) {
    process.stdout.write(`usage: ${usage}\n`);
    process.exit(0);
  }
  try {
    return parseArgs({ ...config, args, strict: true } as T);
  } catch (e) {
    process.stderr.write(`${name}: ${(e as Error).message}\nusage: ${usage}\n`);
    process.exit(2);
  }
}
