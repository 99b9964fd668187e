/**
 * The very first start on a machine builds the pristine PostgreSQL cluster (initdb, then a postgres on a socket
 * only; stack/providers/local/postgres-template.ts). A run that ends while it is being built leaves nothing: the
 * builder's processes are recorded the moment they start and stopped, with the `.building-…` folder, on every way
 * the run can end — Ctrl-C, SIGTERM, SIGKILL of the owner (its watchdog), SIGKILL of owner and watchdog (the next
 * start). Each test builds a fresh template in a folder of its own (PG_TEMPLATE_DIR), never the machine's shared
 * one, and records its stacks in a folder of its own (STACK_RECORDS_DIR).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, isolatedTmp } from './helpers.ts';
import { building, leftOf, processesMentioning, readStateOf, stackDirOf, startCli } from './leftovers.ts';
import type { StackState } from '../stack/state-file.ts';
import { stillRunning } from '../stack/process-ledger.ts';

/** Starts the CLI on a fresh template folder and resolves once the template builder runs and is recorded. */
async function duringTemplateBuild() {
  const tmp = isolatedTmp();
  const tpl = join(tmp, 'pg-template');
  const env = { PG_TEMPLATE_DIR: tpl, STACK_RECORDS_DIR: join(tmp, 'records'), TMPDIR: tmp };
  const cli = startCli(['--no-platform'], env);
  let state: StackState | undefined;
  const seen = await eventually(() => {
    const dir = stackDirOf(cli.stderr());
    if (!dir || !existsSync(join(dir, 'state.json'))) return false;
    try {
      state = readStateOf(dir);
    } catch {
      return false;
    }
    // A builder process still runs (its record's pid and start time) and its folder is there.
    return (
      !!state.processes?.some((p) => p.name.startsWith('postgres-template') && stillRunning(p)) &&
      building(tpl).length === 1
    );
  }, 30_000);
  assert.ok(seen, `the template builder ran and was recorded:\n${cli.stderr()}`);
  assert.equal(building(tpl).length, 1, 'its .building- folder exists');
  assert.ok(
    state!.extraDirs?.some((d) => d.includes('.building-')),
    'the .building- folder is recorded',
  );
  return { cli, tpl, env, state: state! };
}

async function expectNothingLeft(tpl: string, state: StackState) {
  const left = () => [
    ...leftOf(state),
    ...processesMentioning(tpl).map((p) => `builder process ${p}`),
    ...building(tpl).map((d) => `folder ${d}`),
  ];
  assert.ok(await eventually(() => left().length === 0, 15_000), `left behind: ${left().join('; ')}`);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
  test(
    `first start, ${signal} of the owner while the pristine cluster is built: no process, folder, dir or claim left`,
    { timeout: 60_000 },
    async () => {
      const { cli, tpl, state } = await duringTemplateBuild();
      cli.kill(signal);
      await cli.exited;
      await expectNothingLeft(tpl, state);
    },
  );
}

test(
  'first start, owner and watchdog SIGKILLed while the cluster is built: the next start reaps the builder and its folder',
  { timeout: 60_000 },
  async () => {
    const { cli, tpl, env, state } = await duringTemplateBuild();
    process.kill(state.watchdogPid!, 'SIGKILL');
    cli.kill('SIGKILL');
    await cli.exited;
    const next = startCli(['--no-platform'], env);
    try {
      assert.ok(await eventually(() => /ready; state in/.test(next.stderr()), 40_000), next.stderr());
      assert.match(
        next.stderr(),
        new RegExp(
          `removed what 1 abandoned stack left \\(its owner and watchdog are gone\\): [1-9]\\d* process(es)?, [12] folders?, .*\\(${state.id}\\)`,
        ),
      );
      assert.deepEqual([...leftOf(state), ...building(tpl)], [], 'nothing of the abandoned stack is left');
      assert.ok(
        readdirSync(tpl).some((d) => d.startsWith('pg-') && !d.includes('.building-')),
        'the next start built the template whole',
      );
    } finally {
      next.kill('SIGTERM');
      await next.exited;
    }
    await expectNothingLeft(tpl, state); // the next stack's processes carry PG_TEMPLATE_DIR too: checked once it stopped
  },
);
