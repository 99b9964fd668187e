/**
 * Headed anywhere (fixtures/virtual-display.ts): with HEADED=1 and no DISPLAY the run starts a virtual display
 * (Xvfb), says so in one line, runs the browser headed under it and stops it at the end; where Xvfb cannot be had,
 * one line says what to do, before any stack starts, and nothing is left.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, isolatedTmp, stackDirs } from './helpers.ts';
import { runner } from './fault-runner.ts';
import { processAlive } from '../stack/process-alive.ts';

const noDisplay = (env: Record<string, string>) => ({ HEADED: '1', DISPLAY: '', ...env });
const xvfb = existsSync('/usr/bin/Xvfb')
  ? false
  : 'Xvfb is not installed: run `bash scripts/setup.sh` as root (it installs xvfb)';

test(
  'HEADED=1 without a display: a virtual display, said in one line, the browser headed under it, stopped at the end',
  { skip: xvfb, timeout: 60_000 },
  async () => {
    const tmp = isolatedTmp();
    const r = runner(['headed.spec.ts'], noDisplay({ TMPDIR: tmp }));
    const code = await r.exited;
    const out = r.output();
    assert.equal(code, 0, out);
    const lines = out.split('\n').filter((l) => /virtual display/.test(l));
    assert.equal(lines.length, 1, out);
    const m =
      /^\[e2e\] no display: the headed browser runs on a virtual display \(Xvfb :(\d+), pid (\d+)\), stopped with the run$/.exec(
        lines[0]!,
      );
    assert.ok(m, lines[0]);
    assert.ok(out.indexOf(lines[0]!) < out.indexOf('[stack] temp dir'), 'said before the stack starts');
    assert.match(out, /✓ +1 \[chromium\] › .*headed\.spec\.ts.*› the browser runs headed/);
    assert.ok(await eventually(() => !processAlive(Number(m[2])), 5000), 'Xvfb is gone');
    assert.ok(await eventually(() => stackDirs(tmp).length === 0, 10_000), 'no stack dir left');
  },
);

test(
  'HEADED=1 without a display and without Xvfb: one line says what to do, before any stack starts; nothing is left',
  { timeout: 30_000 },
  async () => {
    const tmp = isolatedTmp();
    const r = runner(['headed.spec.ts'], noDisplay({ TMPDIR: tmp, PATH: join(tmp, 'empty') }));
    const code = await r.exited;
    const out = r.output();
    assert.notEqual(code, 0, out);
    assert.match(
      out,
      /^ConfigError: HEADED: a headed browser needs a display, but DISPLAY is not set and Xvfb is not installed: run `bash scripts\/setup\.sh` as root \(it installs xvfb\), or apt-get install -y xvfb, or set DISPLAY, or run headless/m,
    );
    assert.doesNotMatch(out, /\[stack\]/, 'no stack started');
    assert.doesNotMatch(out, /^\s+at \S|^\s*>? *\d+ \| /m, 'no stack trace, no code frame');
    assert.deepEqual(stackDirs(tmp), []);
  },
);
