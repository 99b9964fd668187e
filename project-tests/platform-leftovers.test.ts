/**
 * What a platform leaves in the machine's temp dir, outside the stack (lib/temp-leftovers.ts): BotServer's `gb_…`
 * files, or the reference platform's with a seeded regression (temp-file-left: every dialog run leaves one beside
 * the stack dir). The suite's teardown fails the run naming each, the stack's CLI names them when it stops; a
 * platform file older than the run, or a file of another name, is not counted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertRunShows, eventually, isolatedTmp, runSuite, tempDir } from './helpers.ts';
import { startCli } from './leftovers.ts';
import { platformTempLeftovers } from '../lib/temp-leftovers.ts';

test('platformTempLeftovers: gb_ entries changed since the run started, in each dir given; older ones and other names left out', () => {
  const dir = tempDir('machine-tmp-');
  const since = Date.now();
  writeFileSync(join(dir, 'gb_kb_1234_doc.txt'), 'x');
  writeFileSync(join(dir, 'gb_ls_old.txt'), 'x');
  utimesSync(join(dir, 'gb_ls_old.txt'), new Date(since - 60_000), new Date(since - 60_000));
  writeFileSync(join(dir, 'botserver-test-other'), 'x');
  assert.deepEqual(platformTempLeftovers(since, [dir, '/nonexistent-dir']), [join(dir, 'gb_kb_1234_doc.txt')]);
});

test(
  "a reference platform that leaves a file on every dialog run fails the suite's run, naming each file; without it the same run is green",
  { timeout: 180_000 },
  async () => {
    // A temp dir of this test's own for the run: the files are left beside the stack dir, which it holds (no other
    // run at the same time sees them), and are removed here.
    const own = isolatedTmp();
    const spec = ['tests/bots/context.spec.ts', '--project', 'chromium'];
    try {
      const [seeded, plain] = await Promise.all([
        runSuite(spec, { TMPDIR: own, REFERENCE_MUTATIONS: 'temp-file-left' }),
        runSuite(spec, { TMPDIR: isolatedTmp() }),
      ]);
      assert.equal(seeded.code, 1, `the run with temp-file-left must fail:\n${seeded.out.slice(-2000)}`);
      const left = readdirSync(own).filter((n) => n.startsWith('gb_reference_run_'));
      assert.ok(left.length > 0, `the mutation left nothing in ${own}; the run said:\n${seeded.out.slice(-2000)}`);
      assertRunShows(
        seeded.out,
        new RegExp(
          `the platform under test left ${left.length} file\\(s\\) in the machine's temp dir, outside the stack \\(lib/temp-leftovers\\.ts\\): ${left.map((n) => join(own, n).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(', ')}`,
        ),
      );
      assert.match(seeded.out, /1 passed/, 'the spec itself passed: the teardown failed the run');
      assert.equal(plain.code, 0, `the same run without the mutation is green:\n${plain.out.slice(-2000)}`);
    } finally {
      for (const n of readdirSync(own).filter((n) => n.startsWith('gb_'))) rmSync(join(own, n), { force: true });
    }
  },
);

test(
  "the stack's CLI names what the platform left in the machine's temp dir when it stops",
  { timeout: 90_000 },
  async () => {
    const own = isolatedTmp();
    const cli = startCli([], { TMPDIR: own });
    try {
      assert.ok(await eventually(() => /ready; state in/.test(cli.stderr()), 60_000), cli.stderr());
      // What a build writing to the machine's temp dir itself would leave (HEAD's gb_kb_… before its TMPDIR pointed into the stack).
      writeFileSync(join(own, 'gb_kb_seeded_doc.txt'), 'x');
      cli.kill('SIGTERM');
      await cli.exited;
      assert.match(
        cli.stderr(),
        new RegExp(
          `botserver-temp-stack: the platform left 1 file\\(s\\) in the machine's temp dir, outside the stack: ${join(own, 'gb_kb_seeded_doc.txt').replace(/[.]/g, '\\.')}`,
        ),
        `the CLI did not name the gb_ file left in the machine's temp dir when it stopped; its stderr:\n${cli.stderr().slice(-1500)}`,
      );
    } finally {
      rmSync(join(own, 'gb_kb_seeded_doc.txt'), { force: true });
    }
  },
);
