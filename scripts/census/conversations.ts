/**
 * The census runs what a package ships (issue 36): the conversation files of each package's `<name>.gbtest/`
 * (docs/conversations.md), through the suite's `conversations` project attached to the census's own stack (its
 * exports: BOTSERVER_URL, the drive, the database, the work dir), in a real browser; a verdict per conversation goes
 * into its bot's row. A run that cannot start is one verdict saying why, never a crash of the census.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';
import { TEST_FOLDER } from '../../stack/bot-package.ts';
import { packageOfFile } from '../../fixtures/conversations/parse.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The longest a package's conversations may take together. */
const RUN_MS = 15 * 60_000;

/** One conversation's verdict: its title as the test names it (`… (file:line)`), and the first line of its error. */
export interface ConversationVerdict {
  conversation: string;
  status: 'passed' | 'failed' | 'skipped' | 'not run';
  error?: string;
}

/** The `<name>.gbtest/` folder of a package directory, when it has one. */
export function testFolderOf(dir: string): string | undefined {
  const folder = join(dir, `${basename(dir).replace(/\.gbai$/, '')}${TEST_FOLDER}`);
  return existsSync(folder) ? folder : undefined;
}

interface JsonSuite {
  suites?: JsonSuite[];
  specs?: { title: string; file: string; tests: { results: { status: string; error?: { message?: string } }[] }[] }[];
}

function specsOf(s: JsonSuite): NonNullable<JsonSuite['specs']> {
  return [...(s.specs ?? []), ...(s.suites ?? []).flatMap(specsOf)];
}

/**
 * Runs the conversations of `dirs` (package folders with a `.gbtest/`) on the stack whose exports are `env`;
 * resolves with the verdicts by package folder.
 */
export async function runConversations(
  dirs: string[],
  env: Record<string, string>,
): Promise<Map<string, ConversationVerdict[]>> {
  const out = new Map<string, ConversationVerdict[]>();
  const folders = dirs.map(testFolderOf).filter((f): f is string => !!f);
  if (!folders.length) return out;
  const tmp = mkdtempSync(join(tmpdir(), 'census-conv-'));
  const report = join(tmp, 'report.json');
  try {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(
        join(ROOT, 'node_modules', '.bin', 'playwright'),
        ['test', '--project', 'conversations', '--reporter', 'json', '--output', join(tmp, 'results')],
        {
          cwd: ROOT,
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, ...env, E2E_CONVERSATIONS: folders.join(','), PLAYWRIGHT_JSON_OUTPUT_NAME: report },
        },
      );
      const timer = setTimeout(() => child.kill('SIGTERM'), RUN_MS);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c ?? 1);
      });
    });
    if (!existsSync(report)) {
      for (const d of dirs)
        out.set(d, [
          { conversation: '(all)', status: 'not run', error: `the conversations project did not run (exit ${code})` },
        ]);
      return out;
    }
    const json = JSON.parse(readFileSync(report, 'utf8')) as JsonSuite;
    for (const spec of specsOf(json)) {
      const file = /\(([^()]+\.ya?ml):\d+\)$/.exec(spec.title)?.[1];
      const pkg = file ? (packageOfFile(join(ROOT, file)) ?? packageOfFile(file)) : undefined;
      const dir = dirs.find((d) => pkg && (d === pkg || pkg.endsWith(basename(d))));
      if (!dir) continue;
      const last = spec.tests[0]?.results.at(-1);
      const status = last?.status === 'passed' ? 'passed' : last?.status === 'skipped' ? 'skipped' : 'failed';
      const error =
        stripVTControlCharacters(last?.error?.message ?? '')
          .split('\n')[0]
          ?.replace(/^Error: /, '') || undefined;
      out.set(dir, [
        ...(out.get(dir) ?? []),
        { conversation: spec.title, status, ...(status === 'failed' && error ? { error } : {}) },
      ]);
    }
    return out;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
