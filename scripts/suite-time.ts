/**
 * node scripts/suite-time.ts REPORT.json  — where a suite run's time went, from Playwright's JSON report
 * (`PLAYWRIGHT_JSON_OUTPUT_NAME=report.json npx playwright test --reporter=list,json`): the run's wall clock cut into
 * global setup (the run's start to its first test's start), the tests, and global teardown (its last test's end to
 * the run's end); how busy the workers were meanwhile; then one table per project and one per spec file (tests,
 * their time added up, the slowest), slowest first. Markdown on stdout (docs/benchmarks.md keeps a dated one).
 */
import { readFileSync } from 'node:fs';
import { isMain } from '../lib/cli.ts';

interface Result {
  startTime: string;
  duration: number;
  workerIndex: number;
  parallelIndex?: number;
  status: string;
}
interface Spec {
  file: string;
  title: string;
  tests: { projectName: string; results: Result[] }[];
}
interface Suite {
  specs?: Spec[];
  suites?: Suite[];
}
interface Report {
  stats: { startTime: string; duration: number };
  config: { workers?: number; metadata?: unknown };
  suites: Suite[];
}

/** One test run of the report: its project, spec file, title, start (epoch ms) and time. */
export interface Run {
  project: string;
  file: string;
  title: string;
  start: number;
  ms: number;
  /** The worker process (a new one per project, and after a failure) and its slot (0 … workers − 1). */
  worker: number;
  slot: number;
}

/** Every test run of a report (each retry counted on its own). */
export function runsOf(report: Report): Run[] {
  const out: Run[] = [];
  const walk = (s: Suite) => {
    for (const spec of s.specs ?? []) {
      for (const t of spec.tests) {
        for (const r of t.results)
          out.push({
            project: t.projectName,
            file: spec.file,
            title: spec.title,
            start: Date.parse(r.startTime),
            ms: r.duration,
            worker: r.workerIndex,
            slot: r.parallelIndex ?? r.workerIndex,
          });
      }
    }
    (s.suites ?? []).forEach(walk);
  };
  report.suites.forEach(walk);
  return out;
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Where the worker slots were idle between the first test's start and the last test's end: before their first test,
 * starting a new worker process (Playwright starts one per project, and after a failed test), between two tests of
 * one worker (its test fixtures' setup and teardown), and at the end, done while another slot still ran (the tail).
 */
export function idleTime(runs: Run[], workers: number): { rows: string[]; starts: number } {
  const first = Math.min(...runs.map((r) => r.start));
  const last = Math.max(...runs.map((r) => r.start + r.ms));
  const idle = { head: 0, newWorker: 0, between: 0, tail: 0 };
  let starts = 0;
  for (let slot = 0; slot < workers; slot++) {
    const mine = runs.filter((r) => r.slot === slot).sort((a, b) => a.start - b.start);
    if (!mine.length) {
      idle.tail += last - first;
      continue;
    }
    idle.head += mine[0]!.start - first;
    starts += 1;
    mine.slice(1).forEach((r, i) => {
      const gap = Math.max(0, r.start - (mine[i]!.start + mine[i]!.ms));
      if (r.worker !== mine[i]!.worker) {
        idle.newWorker += gap;
        starts += 1;
      } else idle.between += gap;
    });
    idle.tail += last - Math.max(...mine.map((r) => r.start + r.ms));
  }
  return {
    starts,
    rows: [
      `| before a slot's first test | ${s(idle.head)} |`,
      `| starting a new worker (${starts} worker processes) | ${s(idle.newWorker)} |`,
      `| between two tests of one worker | ${s(idle.between)} |`,
      `| the tail: a slot done while another still runs | ${s(idle.tail)} |`,
    ],
  };
}

/** Rows grouped by `key`: tests, time added up, slowest test; slowest group first. */
function grouped(runs: Run[], key: (r: Run) => string): string[] {
  const groups = new Map<string, Run[]>();
  for (const r of runs) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  return [...groups]
    .map(([name, rs]) => ({ name, rs, total: rs.reduce((a, r) => a + r.ms, 0) }))
    .sort((a, b) => b.total - a.total)
    .map(({ name, rs, total }) => {
      const slowest = rs.reduce((a, r) => (r.ms > a.ms ? r : a));
      return `| ${name} | ${rs.length} | ${s(total)} | ${s(slowest.ms)} ${slowest.title} |`;
    });
}

/** The Markdown tables of where the run's time went. */
export function suiteTime(report: Report): string {
  const runs = runsOf(report);
  if (!runs.length) return 'no test ran\n';
  const start = Date.parse(report.stats.startTime);
  const end = start + report.stats.duration;
  const first = Math.min(...runs.map((r) => r.start));
  const last = Math.max(...runs.map((r) => r.start + r.ms));
  const workers = report.config.workers ?? 1;
  const busy = runs.reduce((a, r) => a + r.ms, 0);
  return [
    '| part | time |',
    '|---|---|',
    `| the whole run | ${s(end - start)} |`,
    `| global setup (to the first test's start) | ${s(first - start)} |`,
    `| the tests (first start to last end) | ${s(last - first)}: ${runs.length} tests, ${s(busy)} added up, ${workers} workers ${Math.round((100 * busy) / (workers * (last - first)))} % busy |`,
    `| global teardown (from the last test's end) | ${s(end - last)} |`,
    '',
    '| worker slots idle | time |',
    '|---|---|',
    ...idleTime(runs, workers).rows,
    '',
    '| project | tests | time added up | slowest |',
    '|---|---|---|---|',
    ...grouped(runs, (r) => r.project),
    '',
    '| spec | tests | time added up | slowest |',
    '|---|---|---|---|',
    ...grouped(runs, (r) => `${r.project} ${r.file}`),
    '',
  ].join('\n');
}

if (isMain(import.meta)) {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write(
      'usage: node scripts/suite-time.ts REPORT.json  (PLAYWRIGHT_JSON_OUTPUT_NAME=REPORT.json npx playwright test --reporter=list,json)\n',
    );
    process.exit(2);
  }
  process.stdout.write(suiteTime(JSON.parse(readFileSync(file, 'utf8')) as Report));
}
