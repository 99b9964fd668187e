/**
 * What changed between two verdict files (fixtures/verdict-file.ts): per test (by id and project) one row saying
 * what changed — newly failing (with the first cause), fixed (a caveat that no longer reproduces, a failure or
 * known bug that now passes), a known bug now seen otherwise (other caveats), failing otherwise (another first
 * cause), new and removed tests — and the counts of each verdict in both. Pure.
 */
import type { TestVerdict, VerdictFile, VerdictKind } from '../../fixtures/verdict-file.ts';

export type Change =
  | 'newly failing'
  | 'fixed'
  | 'known bug seen otherwise'
  | 'failing otherwise'
  | 'now a known bug'
  | 'now skipped'
  | 'now runs'
  | 'new test'
  | 'removed test'
  | 'other';

export interface DiffRow {
  id: string;
  project: string;
  change: Change;
  base: string;
  candidate: string;
  /** The candidate's first cause, for a failing test (fixtures/first-cause.ts). */
  cause?: string;
}

export interface VerdictDiff {
  base: { suite: string; build: string };
  candidate: { suite: string; build: string };
  rows: DiffRow[];
  /** Tests whose verdict is the same in both, by verdict. */
  unchanged: Partial<Record<VerdictKind, number>>;
  counts: { base: Partial<Record<VerdictKind, number>>; candidate: Partial<Record<VerdictKind, number>> };
  newlyFailing: number;
}

const failing = (v: VerdictKind) => v === 'fail' || v === 'flaky';

/** A verdict as one short phrase: "pass", "known bug: a, b", "fail: <cause>", "caveat gone: x". */
export function describe(t: TestVerdict | undefined): string {
  if (!t) return '(not in this run)';
  if (t.verdict === 'known bug') return `known bug: ${t.caveats.join(', ')}`;
  if (t.verdict === 'caveat gone') return `caveat gone: ${t.caveats.join(', ')}`;
  if (t.verdict === 'fail' || t.verdict === 'flaky') return `${t.verdict}: ${t.cause ?? '?'}`;
  return t.verdict;
}

/**
 * What changed from `b` (base) to `c` (candidate), or undefined when nothing did. Every pair of verdicts has one
 * answer (project-tests/verdict-diff.test.ts holds the whole table):
 * - failing now (fail, flaky) and not failing before (pass, known bug, caveat gone, skipped, absent): newly failing;
 * - failing before and now: failing otherwise when the verdict or the first cause differs;
 * - now "caveat gone" (the intended behaviour holds where a bug was recorded): fixed; now pass after a fail, flaky or
 *   known bug: fixed;
 * - now a known bug after anything else: now a known bug (after a known bug with other caveats: seen otherwise);
 * - now skipped after anything else: now skipped (a test that no longer runs is not fixed); skipped → pass: now runs;
 * - caveat gone → pass (the record was updated): other.
 */
function change(b: TestVerdict | undefined, c: TestVerdict | undefined): Change | undefined {
  if (!b) return c && failing(c.verdict) ? 'newly failing' : 'new test';
  if (!c) return 'removed test';
  if (failing(c.verdict)) {
    if (!failing(b.verdict)) return 'newly failing';
    return b.verdict === c.verdict && b.cause === c.cause ? undefined : 'failing otherwise';
  }
  if (b.verdict === c.verdict) {
    if (c.verdict === 'known bug')
      return b.caveats.join() === c.caveats.join() ? undefined : 'known bug seen otherwise';
    if (c.verdict === 'caveat gone') return b.caveats.join() === c.caveats.join() ? undefined : 'other';
    return undefined;
  }
  if (c.verdict === 'caveat gone') return 'fixed';
  if (c.verdict === 'known bug') return 'now a known bug';
  if (c.verdict === 'skipped') return 'now skipped';
  if (b.verdict === 'skipped') return 'now runs';
  return b.verdict === 'caveat gone' ? 'other' : 'fixed';
}

const count = (f: VerdictFile) =>
  f.tests.reduce<Partial<Record<VerdictKind, number>>>((o, t) => ({ ...o, [t.verdict]: (o[t.verdict] ?? 0) + 1 }), {});
const key = (t: TestVerdict) => `${t.project}\u0000${t.id}`;
const label = (f: VerdictFile) => ({
  suite: `${f.suite.commit?.slice(0, 10) ?? 'unknown'}${f.suite.dirty ? ' (with changes)' : ''}`,
  build: `${f.build.record ?? '?'}: ${f.build.decidedBy ?? '?'}`,
});

/** Compares `base` (e.g. main's run) with `candidate` (a developer's). Newly failing: failing now and not in base. */
export function diffVerdicts(base: VerdictFile, candidate: VerdictFile): VerdictDiff {
  const b = new Map(base.tests.map((t) => [key(t), t]));
  const c = new Map(candidate.tests.map((t) => [key(t), t]));
  const rows: DiffRow[] = [];
  const unchanged: VerdictDiff['unchanged'] = {};
  for (const k of new Set([...b.keys(), ...c.keys()])) {
    const bt = b.get(k);
    const ct = c.get(k);
    const what = change(bt, ct);
    const t = (ct ?? bt)!;
    if (what)
      rows.push({
        id: t.id,
        project: t.project,
        change: what,
        base: describe(bt),
        candidate: describe(ct),
        ...(ct?.cause && failing(ct.verdict) ? { cause: ct.cause } : {}),
      });
    else unchanged[t.verdict] = (unchanged[t.verdict] ?? 0) + 1;
  }
  const order: Change[] = [
    'newly failing',
    'failing otherwise',
    'fixed',
    'now a known bug',
    'known bug seen otherwise',
    'now skipped',
    'now runs',
    'new test',
    'removed test',
    'other',
  ];
  rows.sort(
    (x, y) =>
      order.indexOf(x.change) - order.indexOf(y.change) ||
      x.id.localeCompare(y.id) ||
      x.project.localeCompare(y.project),
  );
  return {
    base: label(base),
    candidate: label(candidate),
    rows,
    unchanged,
    counts: { base: count(base), candidate: count(candidate) },
    newlyFailing: rows.filter((r) => r.change === 'newly failing').length,
  };
}

/** The newly failing rows grouped by first cause, the largest group first: one group per defect underneath. */
export function newlyFailingByCause(d: VerdictDiff): { cause: string; rows: DiffRow[] }[] {
  const groups = new Map<string, DiffRow[]>();
  for (const r of d.rows.filter((x) => x.change === 'newly failing'))
    groups.set(r.cause ?? '(no cause recorded)', [...(groups.get(r.cause ?? '(no cause recorded)') ?? []), r]);
  return [...groups]
    .map(([cause, rows]) => ({ cause, rows }))
    .sort((a, b) => b.rows.length - a.rows.length || a.cause.localeCompare(b.cause));
}
