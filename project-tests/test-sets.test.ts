/**
 * `npm test` stays the inner loop and `npm run test:proofs` keeps every proof (scripts/test-sets.ts): a file that runs
 * the Playwright suite is a proof wherever it is added, each name the sets give is a file, and each file is in one set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT } from './helpers.ts';
import { runsTheSuite, testFiles, unknownNames } from '../scripts/test-sets.ts';

test('every file the sets name exists; each project test is in one set; the suite runs are proofs', () => {
  assert.deepEqual(
    unknownNames(ROOT),
    [],
    'a name in scripts/test-sets.ts with no project-tests/<name>.test.ts: rename it there too',
  );
  const inner = testFiles('inner', ROOT);
  const proofs = testFiles('proofs', ROOT);
  assert.deepEqual(
    inner.filter((f) => proofs.includes(f)),
    [],
  );
  assert.ok(inner.length >= 20, `the inner loop's files were found: ${inner}`);
  for (const f of [
    'verdicts',
    'one-cause',
    'suite-faults',
    'bots-census',
    'llm-first-verdicts',
    'verdict-diff',
    'build-records',
    'cli-by-hand',
  ]) {
    assert.ok(proofs.includes(`project-tests/${f}.test.ts`), `${f}.test.ts is a proof: ${proofs}`);
  }
  for (const f of ['test-sets', 'cli', 'stack-lifecycle', 'docs-links', 'lint-rules']) {
    assert.ok(inner.includes(`project-tests/${f}.test.ts`), `${f}.test.ts is in the inner loop: ${inner}`);
  }
});

test('the check can fail: a suite run, a fault run and a mutation are seen; a mention of the variable is not', () => {
  const key = ['REFERENCE', 'MUTATIONS'].join('_');
  assert.equal(runsTheSuite("const r = await runSuite(['tests/logout.spec.ts'], {});"), true);
  assert.equal(runsTheSuite("import { runFaultSuite } from './fault-runner.ts';"), true);
  assert.equal(
    runsTheSuite(`spawn(census, args, { env: { REFERENCE_PROFILE: 'pre', ${key}: 'logout-works' } })`),
    true,
  );
  assert.equal(runsTheSuite(`const env = {\n  '${key}': names,\n}`), true);
  assert.equal(runsTheSuite(`for (const k of ['REFERENCE_PROFILE', '${key}']) delete env[k];`), false);
  assert.equal(runsTheSuite(`const window = { __${key}__: names };`), false);
  assert.equal(runsTheSuite(`assert.throws(() => parse('x'), /${key}: unknown x/);`), false);
});
