/**
 * A suite run on a seeded defect of the reference platform, read as a BotServer developer reads it: the failed tests
 * with their messages (the JSON report), what the causes reporter printed (the run's summary) and the run's verdict
 * file, and the verdict diff's Markdown against a base in which every test of the run passed (scripts/verdict.ts
 * diff) — the two places issue 38 wants one group per defect underneath.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, runSuite, tempDir } from './helpers.ts';
import type { VerdictFile } from '../fixtures/verdict-file.ts';

export interface Failed {
  title: string;
  message: string;
}

export interface SeededRun {
  code: number | null;
  /** What the run printed (line reporter, then the causes reporter's summary). */
  out: string;
  failed: Failed[];
  /** The verdict diff's Markdown (verdict-diff.md) from a base in which every test of this run passed. */
  diffMd: string;
  /** The diff command's exit code (1 when a test newly fails). */
  diffCode: number | null;
}

interface ReportSuite {
  title: string;
  specs?: {
    title: string;
    tests: {
      status: string;
      annotations?: { type: string; description?: string }[];
      results: { error?: { message?: string } }[];
    }[];
  }[];
  suites?: ReportSuite[];
}

/** A test of a Playwright JSON report: its title (`<file> › <describe> › <title>`), status, last error, annotations. */
export interface ReportedTest extends Failed {
  status: string;
  annotations: { type: string; description?: string }[];
}

/** Every test of a Playwright JSON report, in the report's order. */
export function testsOf(report: { suites: ReportSuite[] }): ReportedTest[] {
  const tests: ReportedTest[] = [];
  const walk = (s: ReportSuite, path: string[]) => {
    for (const spec of s.specs ?? [])
      for (const t of spec.tests)
        tests.push({
          title: [...path, spec.title].join(' › '),
          status: t.status,
          message: t.results.at(-1)?.error?.message ?? '',
          annotations: t.annotations ?? [],
        });
    for (const c of s.suites ?? []) walk(c, [...path, c.title]);
  };
  for (const s of report.suites) walk(s, [s.title]);
  return tests;
}

/** The unexpected tests of a Playwright JSON report (testsOf), with their last error. */
export function failedOf(report: { suites: ReportSuite[] }): Failed[] {
  return testsOf(report)
    .filter((t) => t.status === 'unexpected')
    .map(({ title, message }) => ({ title, message }));
}

/** Runs the suite on the reference platform (helpers' runSuite; chromium, 2 workers, no retry) with a JSON report and
 * the causes reporter; returns the exit code, the output, the report, and the failed tests with their messages. */
export async function reportedRun(args: string[], env: Record<string, string>) {
  const dir = tempDir('reported-run-');
  try {
    const file = join(dir, 'report.json');
    const { code, out } = await runSuite(
      ['--reporter=line,json,./fixtures/causes-reporter.ts', '--project=chromium', ...args],
      { E2E_WORKERS: '2', PLAYWRIGHT_JSON_OUTPUT_NAME: file, ...env },
      true,
    );
    const report = JSON.parse(readFileSync(file, 'utf8'));
    return { code, out, report, failed: failedOf(report) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs the suite (chromium unless `args` name a project; 2 workers, no retry) with `args` and `env` (e.g. REFERENCE_MUTATIONS), with the JSON,
 * causes and verdict reporters; then diffs its verdict file against the same tests all passing. Returns the run's
 * exit code and output, its failed tests, and the diff's Markdown and exit code. Throws when the run wrote no report.
 */
export async function seededRun(args: string[], env: Record<string, string>): Promise<SeededRun> {
  const dir = tempDir('seeded-run-');
  try {
    const report = join(dir, 'report.json');
    const { code, out } = await runSuite(
      [
        '--reporter=line,json,./fixtures/causes-reporter.ts,./fixtures/verdict-reporter.ts',
        ...(args.some((a) => a.startsWith('--project')) ? [] : ['--project=chromium']),
        ...args,
      ],
      { E2E_WORKERS: '2', PLAYWRIGHT_JSON_OUTPUT_NAME: report, E2E_VERDICT_DIR: dir, ...env },
      true,
    );
    const failed = failedOf(JSON.parse(readFileSync(report, 'utf8')));
    const candidate = join(dir, 'verdict.json');
    const run = JSON.parse(readFileSync(candidate, 'utf8')) as VerdictFile;
    const base = join(dir, 'base.json');
    writeFileSync(
      base,
      JSON.stringify({
        ...run,
        tests: run.tests.map(({ cause: _c, error: _e, ...t }) => ({ ...t, verdict: 'pass', caveats: [], seen: [] })),
      }),
    );
    const diff = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts', 'verdict.ts'), 'diff', base, candidate, '--out', join(dir, 'diff')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    return {
      code,
      out,
      failed,
      diffMd: readFileSync(join(dir, 'diff', 'verdict-diff.md'), 'utf8'),
      diffCode: diff.status,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines of the diff's "Newly failing, by first cause" section (scripts/verdict/render.ts), one per group. */
export function newlyFailingGroups(md: string): string[] {
  const section = /### Newly failing, by first cause\n\n((?:- .*\n)+)/.exec(md)?.[1] ?? '';
  return section.split('\n').filter(Boolean);
}

/** The failed tests, a line each with their message's first lines: for an assertion's message. */
export const listFailed = (failed: Failed[]) =>
  failed.map((f) => `- ${f.title}\n    ${f.message.split('\n').slice(0, 5).join('\n    ')}`).join('\n');
