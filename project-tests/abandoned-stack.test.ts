/**
 * A stack whose owner AND watchdog are both gone (both SIGKILLed, as a container or CI runner teardown does) is
 * reaped by the next start on the machine, which says in one line what it removed: its processes (by pid and start
 * time, so that a reused pid is never hit), its temp dir, its port claims (and its labelled containers, where an
 * engine runs: containers-provider.test.ts). And `--timeout` holds even when the owner cannot act on it: the
 * watchdog enforces it. Each test records its stacks in a folder of its own (STACK_RECORDS_DIR), so that only its
 * own next start reaps them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { reapStack } from '../stack/stack-records.ts';
import { stillRunning } from '../stack/process-ledger.ts';
import type { StackState } from '../stack/state-file.ts';
import { eventually, isolatedTmp } from './helpers.ts';
import { claimsOf, leftOf, readStateOf, stackDirOf, startCli } from './leftovers.ts';

test(
  'owner and watchdog both SIGKILLed: everything stays until the next start, which reaps it and says so in one line',
  { timeout: 60_000 },
  async () => {
    const records = join(isolatedTmp(), 'records');
    const a = startCli(['--no-platform'], { STACK_RECORDS_DIR: records });
    assert.ok(await eventually(() => /ready; state in/.test(a.stderr()), 30_000), a.stderr());
    const state = readStateOf(stackDirOf(a.stderr())!);
    assert.ok(state.processes!.length >= 5 && state.watchdogPid, 'the stack recorded its processes and its watchdog');
    process.kill(state.watchdogPid!, 'SIGKILL');
    a.kill('SIGKILL');
    await a.exited;
    assert.ok(await eventually(() => !stillRunning({ pid: state.watchdogPid!, start: state.watchdogStart }), 5000));
    // Nobody is left to clean up: the stack stays.
    assert.ok(
      state.processes!.every((p) => stillRunning(p)),
      'the services still run',
    );
    assert.ok(existsSync(state.dir) && claimsOf(state.id).length >= 5, 'dir and claims stay');

    const b = startCli(['--no-platform'], { STACK_RECORDS_DIR: records });
    try {
      assert.ok(await eventually(() => /ready; state in/.test(b.stderr()), 30_000), b.stderr());
      const line = b
        .stderr()
        .split('\n')
        .filter((l) => l.includes('abandoned'));
      assert.equal(line.length, 1, `one line says what was removed:\n${b.stderr()}`);
      assert.match(
        line[0]!,
        new RegExp(
          `removed what 1 abandoned stack left \\(its owner and watchdog are gone\\): ${state.processes!.length} processes, 1 folder, \\d+ port claims, 0 containers \\(${state.id}\\)`,
        ),
      );
      assert.deepEqual(leftOf(state), [], 'nothing of the abandoned stack is left');
      assert.deepEqual(
        readdirSync(records).filter((f) => f.startsWith(state.id)),
        [],
        'its record is gone',
      );
    } finally {
      b.kill('SIGTERM');
      await b.exited;
    }
    assert.deepEqual(readdirSync(records), [], 'the second stack forgot itself when it stopped');
  },
);

test(
  'a recorded pid now used by another process is never signalled (its start time differs)',
  { timeout: 20_000 },
  async () => {
    const tmp = isolatedTmp();
    const sleeper = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      const dir = join(tmp, 'botserver-test-reused');
      mkdirSync(dir);
      const state = {
        id: 'reused-pid',
        dir,
        ownerPid: 1,
        status: 'ready',
        keepOnError: false,
        keepAlways: false,
        createdAt: '',
        services: {},
        timings: {},
        env: {},
        processes: [{ name: 'postgres', pid: sleeper.pid!, start: '1' }],
      } as StackState;
      const removed = await reapStack(state);
      assert.equal(removed.processes, 0, 'nothing signalled');
      assert.ok(
        stillRunning({
          pid: sleeper.pid!,
          start: readFileSync(`/proc/${sleeper.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19],
        }),
        'the other process runs on',
      );
      assert.equal(existsSync(dir), false, 'the dir is removed');
    } finally {
      sleeper.kill('SIGKILL');
    }
  },
);

test(
  '--timeout is enforced by the watchdog when the owner cannot act (stopped): processes and dir gone',
  { timeout: 120_000 },
  async () => {
    const records = join(isolatedTmp(), 'records');
    // 6 s: the owner must be stopped before its own timer fires (a busy machine took over 2 s to see "ready"); the
    // watchdog acts 5 s after the timeout.
    const a = startCli(['--no-platform', '--timeout', '6'], { STACK_RECORDS_DIR: records });
    assert.ok(await eventually(() => /ready; state in/.test(a.stderr()), 30_000), a.stderr());
    a.kill('SIGSTOP'); // the owner's own timer can no longer fire
    const state = readStateOf(stackDirOf(a.stderr())!);
    try {
      assert.notEqual(
        state.status,
        'stopping',
        'the owner was stopped before its own timer fired (else this proves nothing)',
      );
      // 60 s: in CI the proofs run three files at once, each with browsers (a fresh clone's run saw all of the stack
      // still there after 30 s, at load ~8 on 2 cores; alone it takes ~12 s after the stop).
      assert.ok(
        await eventually(() => leftOf(state).length === 0, 60_000),
        `the watchdog stopped the stack after its timeout: ${leftOf(state)}`,
      );
      assert.deepEqual(readdirSync(records), [], 'its record is gone');
    } finally {
      a.kill('SIGKILL');
      await a.exited;
    }
  },
);
