import { readFile } from 'node:fs/promises';

/** The last `lines` lines of a log file, or '' when it does not exist yet. */
export async function logTail(file: string, lines = 20): Promise<string> {
  try {
    const text = await readFile(file, 'utf8');
    return text
      .split('\n')
      .slice(-lines - 1)
      .join('\n');
  } catch {
    return '';
  }
}
