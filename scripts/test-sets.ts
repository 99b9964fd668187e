/**
 * The two sets of the project's own tests (project-tests/*.test.ts), and the order their files start in:
 * - the inner loop, `npm test`: unit, stack, stand-ins, reference platform, CLI, docs, lint rules — every file that
 *   is no proof;
 * - the proofs, `npm run test:proofs`: every file whose tests run the Playwright suite — against a seeded mutation of
 *   the reference platform (platform/mutations/: each check goes red where it should), under a signal or a crash,
 *   over every test bot (the census) — found in its source (runsTheSuite), and the few files that kill whole stacks'
 *   owners and jobs to prove nothing is left (STACK_PROOFS): 20 s to 100 s a test.
 * CI runs both on every submission (.ci/run, .github/workflows/e2e.yml). scripts/project-tests.ts runs a set.
 */
import { globSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export type TestSet = 'inner' | 'proofs';

/** Proofs that run no suite but kill owners, watchdogs and jobs of whole stacks, several times a test (by file name). */
export const STACK_PROOFS = ['cli-by-hand', 'port-claims', 'first-start', 'abandoned-stack'];

/**
 * The files that take longest, slowest first (measured on a 2-core machine): they start first, so that a run does
 * not end on one started last. Any file not named follows in name order.
 */
const SLOWEST_FIRST = [
  'many-test-causes',
  'suite-faults',
  'verdicts',
  'page-verdicts',
  'conversation-verdicts',
  'one-cause',
  'cli-by-hand',
  'build-records',
  'llm-first-verdicts',
  'kb-verdicts',
  'verdict-diff',
  'bots-census',
  'port-claims',
  'run-ends',
  'accessibility-verdicts',
  'first-start',
  'abandoned-stack',
  'cli',
  'reference-dialog-profiles',
  'stack-lifecycle',
  'lint-rules',
  'reference-profiles',
  'postgres-template',
  'containers-provider',
  'teardown-race',
  'reference-platform',
  'bot-packages',
  'stack-service-file',
  'bench-chat',
];

/**
 * What a run of each set is expected to take, printed at its start and its end (the README's Quick start says the
 * same). Measured 2026-12-07 in a fresh clone's `.ci/run` on a 2-core machine with nothing else running: `npm test`
 * 93 s of tests (88 s with both cores held by busy loops, the container tests skipped), `npm run test:proofs` 561 s.
 */
export const EXPECTED: Record<TestSet, string> = {
  inner: 'at most 2 minutes on an idle 2-core machine (93 s measured in a fresh clone, nothing else running)',
  proofs: 'about 10 minutes on an idle 2-core machine (561 s measured in a fresh clone, nothing else running)',
};

/**
 * Whether a test file's source runs the Playwright suite: it calls runSuite (project-tests/helpers.ts), imports the
 * fault runner, or runs anything with a mutation of the reference platform (REFERENCE_MUTATIONS as a key of an
 * environment, not a mention of it in a list or a message).
 */
export function runsTheSuite(source: string): boolean {
  return /\brunSuite\(|['"]\.\/fault-runner\.ts['"]|[{,]\s*['"]?REFERENCE_MUTATIONS['"]?\s*:/.test(source);
}

const nameOf = (file: string) => basename(file, '.test.ts');
// This set's own test names the patterns in its samples.
const isProof = (root: string, file: string) =>
  STACK_PROOFS.includes(nameOf(file)) ||
  (nameOf(file) !== 'test-sets' && runsTheSuite(readFileSync(join(root, file), 'utf8')));

/** The test files of `set` under `root` (relative paths), the slowest first. */
export function testFiles(set: TestSet, root: string): string[] {
  const rank = (f: string) => {
    const i = SLOWEST_FIRST.indexOf(nameOf(f));
    return i < 0 ? SLOWEST_FIRST.length : i;
  };
  return globSync('project-tests/*.test.ts', { cwd: root })
    .filter((f) => isProof(root, f) === (set === 'proofs'))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** The names STACK_PROOFS and the start order give that match no file under `root` (a proof renamed would run in `npm test`). */
export function unknownNames(root: string): string[] {
  const names = new Set(globSync('project-tests/*.test.ts', { cwd: root }).map(nameOf));
  return [...new Set([...STACK_PROOFS, ...SLOWEST_FIRST])].filter((n) => !names.has(n));
}
