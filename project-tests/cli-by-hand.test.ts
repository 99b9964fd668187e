/**
 * The CLI the way people run it: through `npx` in the background. It stops its stack (processes gone, temp dir
 * removed) within 5 s when its caller goes away, whatever the signal; and the README's "stack by hand" block,
 * run literally, works (psql, redis-cli and curl lines included) and leaves nothing behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, eventually, processesOf } from './helpers.ts';

function bash(script: string, timeoutMs: number) {
  const clean = { ...process.env };
  for (const k of ['BOTSERVER_URL', 'BOTSERVER_BIN', 'BOTUI_BIN', 'CI', 'E2E_STACK']) delete clean[k];
  return spawnSync('bash', ['-c', script], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs, env: { ...clean, STACK_PROVIDER: 'local' } });
}

const CASES = [
  ['kill -INT %1 (Ctrl-C of a job)', 'set -m', 'kill -INT %1'],
  ['kill %1 (SIGTERM of the job)', 'set -m', 'kill %1'],
  ['SIGTERM of the npx process', '', 'kill -TERM $npx'],
  ['SIGKILL of the npx process', '', 'kill -KILL $npx'],
] as const;

for (const [name, mode, kill] of CASES) {
  test(`npx botserver-temp-stack in the background stops its stack within 5 s: ${name}`, { timeout: 60_000 }, async () => {
    const env = join(ROOT, `.cli-signal-${process.pid}-${CASES.findIndex((c) => c[0] === name)}.env`);
    const r = bash(`${mode}
      npx botserver-temp-stack --no-platform --timeout 120 > ${env} 2>/dev/null &
      npx=$!
      for i in $(seq 1 150); do [ -s ${env} ] && break; sleep 0.2; done
      grep BOTSERVER_TEMP_STACK_DIR ${env}
      ${kill}`, 45_000);
    rmSync(env, { force: true });
    const dir = /BOTSERVER_TEMP_STACK_DIR='([^']+)'/.exec(r.stdout)?.[1];
    assert.ok(dir, `the stack became ready: ${r.stdout}${r.stderr}`);
    assert.ok(await eventually(() => processesOf(dir).length === 0, 5000), `no process of the stack within 5 s: ${processesOf(dir)}`);
    assert.ok(await eventually(() => !existsSync(dir), 5000), 'the temp dir is removed within 5 s');
  });
}

test("the README's \"stack by hand\" block, run literally, works and leaves nothing behind", { timeout: 240_000 }, async () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /### The stack by hand\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(block, 'the README has the block');
  const r = bash(`set -e\nrm -f stack.env\n${block}\nwait\necho "DIR=$BOTSERVER_TEMP_STACK_DIR"`, 200_000);
  rmSync(join(ROOT, 'stack.env'), { force: true });
  const out = `${r.stdout}\n${r.stderr}`;
  assert.equal(r.status, 0, out);
  assert.match(r.stdout, /^ ?\?column\? \n-+\n +1\n/m, `psql answered: ${out}`);
  assert.match(r.stdout, /^PONG$/m, `redis-cli with REDIS_URL answered PONG: ${out}`);
  assert.match(r.stdout, /"status":"healthy".*"database":true|"database":true.*"status":"healthy"/, `curl /api/health: ${out}`);
  assert.match(out, /\d+ passed/, 'the attached suite ran');
  assert.doesNotMatch(out, /\d+ failed/);
  const dir = /^DIR=(.+)$/m.exec(r.stdout)?.[1];
  assert.ok(dir);
  assert.ok(await eventually(() => processesOf(dir).length === 0, 5000), 'the stack stopped');
});
