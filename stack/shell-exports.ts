import { rename, writeFile } from 'node:fs/promises';
/** `export NAME='value'` lines, quoted so that any value survives `eval` in sh/bash/zsh. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

export function exportLines(env: Record<string, string>): string {
  return Object.entries(env)
    .map(([k, v]) => `export ${k}=${shellQuote(v)}`)
    .join('\n');
}

/** Writes `env` as export lines to `path` (mode 0600) in one step: a temp file beside it renamed into place, so the
 * file is never seen half written. Throws as the file system does. */
export async function writeExportsFile(path: string, env: Record<string, string>): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${exportLines(env)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}
