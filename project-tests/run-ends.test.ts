/**
 * Every way a Playwright run can end leaves nothing once the next start has run, the first start on a machine
 * included: SIGINT, SIGTERM and SIGKILL of the runner while global setup builds the pristine PostgreSQL cluster (in
 * a template folder of the test's own, PG_TEMPLATE_DIR), and the runner AND the stack's watchdog SIGKILLed during a
 * test (as a container or CI runner teardown does), followed by a new start: 0 processes, dirs, folders and port
 * claims left (containers: containers-provider.test.ts, where an engine runs). Each test records its stacks in a
 * folder of its own (STACK_RECORDS_DIR), so that only its own next start reaps them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, isolatedTmp } from './helpers.ts';
import { runner, tempDirOf } from './fault-runner.ts';
import { building, leftOf, processesMentioning, readStateOf, startCli } from './leftovers.ts';
import type { StackState } from '../stack/state-file.ts';
import { stillRunning } from '../stack/process-ledger.ts';

function ownPlace() {
  const tmp = isolatedTmp();
  return {
    tmp,
    tpl: join(tmp, 'pg-template'),
    env: { TMPDIR: tmp, PG_TEMPLATE_DIR: join(tmp, 'pg-template'), STACK_RECORDS_DIR: join(tmp, 'records') },
  };
}

/** The stack's state once `ready(state)` holds, read from the dir the runner printed. */
async function stateWhen(output: () => string, ready: (s: StackState) => boolean, ms: number): Promise<StackState> {
  let state: StackState | undefined;
  const ok = await eventually(() => {
    const dir = tempDirOf(output());
    if (!dir || !existsSync(join(dir, 'state.json'))) return false;
    try {
      state = readStateOf(dir);
    } catch {
      return false;
    }
    return ready(state);
  }, ms);
  assert.ok(ok && state, `the stack got there:\n${output()}`);
  return state;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
  test(
    `first start, ${signal} of the runner while global setup builds the pristine cluster: nothing is left`,
    { timeout: 120_000 },
    async () => {
      const { tpl, env } = ownPlace();
      const r = runner(['wait.spec.ts'], env);
      const state = await stateWhen(
        r.output,
        (s) => !!s.processes?.some((p) => p.name.startsWith('postgres-template') && stillRunning(p)),
        80_000,
      );
      r.child.kill(signal);
      await r.exited;
      const left = () => [
        ...leftOf(state),
        ...processesMentioning(tpl).map((p) => `process ${p}`),
        ...building(tpl).map((d) => `folder ${d}`),
      ];
      // 30 s: the watchdog removes the half-built cluster (thousands of files) after it sees its owner gone; at
      // load 7 a removal was still under way after 15 s (the folder renamed `.removing-…`), and gone by the run's end.
      assert.ok(
        await eventually(() => left().length === 0, 30_000),
        `left behind: ${left().join('; ')}\n${r.output()}`,
      );
    },
  );
}

test(
  'runner and watchdog SIGKILLed during a test, then a new start: it reaps the stack, says so, and nothing is left',
  { timeout: 150_000 },
  async () => {
    const { env } = ownPlace();
    delete (env as Record<string, string>).PG_TEMPLATE_DIR; // the machine's template: this test is about the run, not the first start
    const r = runner(['wait.spec.ts'], env);
    assert.ok(
      await eventually(() => existsSync(join(r.faultDir, 'started')), 90_000),
      `the test started:\n${r.output()}`,
    );
    const state = readStateOf(tempDirOf(r.output())!);
    process.kill(state.watchdogPid!, 'SIGKILL');
    r.child.kill('SIGKILL');
    await r.exited;
    // The Playwright worker may outlive its runner for a moment; the stack's own processes stay: nobody is left to stop them.
    assert.ok(state.processes!.length >= 6 && leftOf(state).length > 0, 'the stack is still there');
    const next = startCli(['--no-platform'], env);
    try {
      assert.ok(await eventually(() => /ready; state in/.test(next.stderr()), 60_000), next.stderr());
      assert.match(
        next.stderr(),
        new RegExp(
          `^\\[stack\\] removed what 1 abandoned stack left \\(its owner and watchdog are gone\\): [1-9]\\d* processes, 1 folder, [1-9]\\d* port claims, 0 containers \\(${state.id}\\)$`,
          'm',
        ),
      );
      assert.deepEqual(leftOf(state), [], 'nothing of the abandoned stack is left');
    } finally {
      next.kill('SIGTERM');
      await next.exited;
    }
  },
);
