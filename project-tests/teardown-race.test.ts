/**
 * The teardown race (issue 30): a test that fails while the stack is torn down writes its `failed-tests` marker
 * into the stack's dir as the dir is being removed. Reproduced here with a writer appending the marker as fast as
 * it can while the dir (a few thousand files, as a stack's logs and data are) is removed: a plain recursive remove
 * leaves a dir behind (holding the marker) or fails; stack/dir-removal.ts never does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { appendFile, rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ROOT, eventually, tempDir } from './helpers.ts';
import { spawn } from 'node:child_process';
import { startTime } from '../stack/process-ledger.ts';
import { removeDirWhole, removeDirWholeSync } from '../stack/dir-removal.ts';
import { FAILED_MARKER } from '../fixtures/stack-info.ts';

/** A dir like a stack's: sub-folders of small files. */
function stackLikeDir(base: string, i: number): string {
  const dir = join(base, `botserver-test-race-${i}`);
  for (let d = 0; d < 8; d++) {
    mkdirSync(join(dir, `d${d}`), { recursive: true });
    for (let f = 0; f < 100; f++) writeFileSync(join(dir, `d${d}`, `f${f}`), 'x');
  }
  return dir;
}

/** Removes `dir` with `remove` while a writer appends the marker into it until the removal has ended (and a little
 * after, as a late test would). Returns whether anything of the dir is left, and what the removal threw. */
async function raceOnce(dir: string, remove: (d: string) => Promise<void>): Promise<{ left: boolean; threw?: string }> {
  let removing = true;
  let after = 20;
  const writer = (async () => {
    while (removing || after-- > 0)
      await appendFile(join(dir, FAILED_MARKER), 'a test › failed during teardown\n').catch(() => undefined);
  })();
  let threw: string | undefined;
  try {
    await remove(dir);
  } catch (e) {
    threw = (e as NodeJS.ErrnoException).code ?? String(e);
  }
  removing = false;
  await writer;
  return { left: existsSync(dir), threw };
}

test("a marker written while the stack's dir is removed leaves nothing behind (rename aside, then remove)", async () => {
  const base = tempDir('teardown-race-');
  for (let i = 0; i < 5; i++) {
    const r = await raceOnce(stackLikeDir(base, i), removeDirWhole);
    assert.deepEqual(r, { left: false, threw: undefined }, `attempt ${i}`);
  }
  assert.deepEqual(readdirSync(base), [], 'nothing left in the base dir');
});

test('a removal cut short after the rename (its process killed) is finished by the next removal of the same dir', async () => {
  const base = tempDir('teardown-cut-');
  const dir = stackLikeDir(base, 0);
  const other = stackLikeDir(base, 1);
  // What a removal killed between its rename and the end of its remove leaves:
  renameSync(dir, `${dir}.removing-0a1b2c`);
  writeFileSync(join(base, `${basename(other)}-not-aside`), 'another entry of the temp folder');
  removeDirWholeSync(dir); // the exit handler's or the reaper's removal: the dir itself is gone already
  assert.deepEqual(
    readdirSync(base).sort(),
    [basename(other), `${basename(other)}-not-aside`],
    'what was left aside is gone, nothing else',
  );
  mkdirSync(`${other}.removing-ffffff`);
  await removeDirWhole(other);
  assert.deepEqual(readdirSync(base), [`${basename(other)}-not-aside`], 'the async removal does the same');
});

test('the race is real: a plain recursive remove with a writer inside leaves the dir (with its marker) or fails', async () => {
  const base = tempDir('teardown-race-plain-');
  const outcomes: { left: boolean; threw?: string }[] = [];
  for (let i = 0; i < 5; i++)
    outcomes.push(await raceOnce(stackLikeDir(base, i), (d) => rm(d, { recursive: true, force: true })));
  assert.ok(
    outcomes.some((o) => o.left || o.threw),
    `at least one of 5 plain removals lost the race: ${JSON.stringify(outcomes)}`,
  );
});

test(
  'an owner SIGKILLed after renaming its dir aside (mid-removal): its watchdog removes what is left, then exits',
  { timeout: 30_000 },
  async () => {
    const base = tempDir('teardown-killed-');
    const dir = stackLikeDir(base, 0);
    const owner = spawn('sleep', ['60'], { stdio: 'ignore' });
    await eventually(() => !!startTime(owner.pid!), 5000);
    writeFileSync(
      join(dir, 'state.json'),
      JSON.stringify({
        status: 'stopping',
        ownerPid: owner.pid,
        ownerStart: startTime(owner.pid!),
        services: {},
        processes: [],
      }),
    );
    const watchdog = spawn(
      process.execPath,
      [join(ROOT, 'stack', 'watchdog.ts'), String(owner.pid), join(dir, 'state.json')],
      { stdio: 'ignore' },
    );
    const exited = new Promise((r) => watchdog.on('exit', r));
    try {
      // The owner's removal: the dir renamed aside (its state.json with it), then the owner killed before its rm ends.
      renameSync(dir, `${dir}.removing-0a1b2c`);
      assert.ok(
        !(await eventually(() => !existsSync(`${dir}.removing-0a1b2c`), 1000)),
        'while the owner runs, its removal is its own',
      );
      owner.kill('SIGKILL');
      assert.ok(
        await eventually(() => !existsSync(`${dir}.removing-0a1b2c`), 10_000),
        'the watchdog removed what the owner left aside',
      );
      await exited;
      assert.deepEqual(readdirSync(base), [], 'nothing left');
    } finally {
      owner.kill('SIGKILL');
      watchdog.kill('SIGKILL');
    }
  },
);
