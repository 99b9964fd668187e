/**
 * The Playwright runner given bad input — a variable or a binary that is wrong — fails at once with one clear
 * message naming it and what to do (no code frame, no stack trace) and leaves nothing; and two suites on one
 * machine at once both pass. (Split from suite-faults.test.ts so that node's runner runs both files side by side.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedTmp, stackDirs, tempDir } from './helpers.ts';
import { runner, tempDirOf } from './fault-runner.ts';

for (const [name, env, pattern] of [
  [
    'BOTSERVER_URL pointing at nothing',
    { BOTSERVER_URL: 'http://127.0.0.1:9' },
    /BOTSERVER_URL: http:\/\/127\.0\.0\.1:9 does not answer .*unset BOTSERVER_URL/,
  ],
  [
    'an invalid STACK_PROVIDER',
    { STACK_PROVIDER: 'vm' },
    /STACK_PROVIDER: unknown provider "vm"; use one of auto, containers, local/,
  ],
  [
    'containers forced without a runtime',
    { STACK_PROVIDER: 'containers', DOCKER_HOST: 'unix:///nonexistent.sock' },
    /STACK_PROVIDER: containers was asked for, but no container runtime answers/,
  ],
  [
    'BOTSERVER_BIN missing',
    { BOTSERVER_BIN: '/nonexistent/botserver' },
    /BOTSERVER_BIN: \/nonexistent\/botserver does not exist/,
  ],
  [
    'E2E_WORKERS not a number',
    { E2E_WORKERS: 'two' },
    /^E2E_WORKERS: "two" is not a positive whole number of workers; set it to e.g. 2 or unset it$/m,
  ],
] as const) {
  test(`bad input to the suite: ${name} is one clear message (no code frame, no trace) within 5 s of setup, and nothing is left`, async () => {
    const tmp = isolatedTmp();
    const r = runner(['wait.spec.ts'], { ...env, TMPDIR: tmp });
    const code = await r.exited;
    assert.notEqual(code, 0);
    assert.match(r.output(), pattern);
    assert.doesNotMatch(
      r.output(),
      /^\s+at \S|^\s*>? *\d+ \| /m,
      `one message, no stack trace and no code frame:\n${r.output()}`,
    );
    if (env.BOTSERVER_URL)
      assert.match(
        r.output(),
        /^\[e2e\] the fault project is skipped: its tests stop and restart services of a stack of their own, which an attached run does not have/m,
      );
    assert.ok(!existsSync(join(r.faultDir, 'started')), 'no test ran');
    assert.deepEqual(stackDirs(tmp), []);
  });
}

test('a BotServer binary that exits at once: the setup error gives its exit code and log, nothing is left', async () => {
  const bin = join(tempDir('fake-'), 'botserver');
  writeFileSync(bin, '#!/bin/sh\necho "fake: no database"\nexit 7\n', { mode: 0o755 });
  const tmp = isolatedTmp();
  const r = runner(['wait.spec.ts'], { BOTSERVER_BIN: bin, TMPDIR: tmp });
  assert.notEqual(await r.exited, 0);
  assert.match(r.output(), /botserver did not start: the process exited with code 7 before it was ready/);
  assert.match(r.output(), /fake: no database/);
  assert.deepEqual(stackDirs(tmp), []);
});

test('two suites on one machine at once: both pass', async () => {
  // An API spec and a browser spec each: what two suites could clash on (ports, temp dirs, output) is the same as
  // with the whole suite, in a fraction of the CPU.
  const specs = ['tests/health.spec.ts', 'tests/platform.spec.ts'];
  // Each run gets its own output and report folders (Playwright empties its output folder at start).
  const own = (tag: string) => ({
    E2E_WORKERS: '1',
    PLAYWRIGHT_HTML_OUTPUT_DIR: join(tempDir(`report-${tag}-`), 'html'),
  });
  const a = runner([...specs, '--output', tempDir('out-a-')], own('a'), null);
  const b = runner([...specs, '--output', tempDir('out-b-')], own('b'), null);
  const [ca, cb] = await Promise.all([a.exited, b.exited]);
  assert.equal(ca, 0, a.output());
  assert.equal(cb, 0, b.output());
  assert.notEqual(tempDirOf(a.output()), tempDirOf(b.output()));
});
