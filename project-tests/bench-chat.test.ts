/** The chat benchmark cannot rot: a tiny run (one level, a few turns) against the reference platform prints its
 * table and writes its JSON and chart with the figures filled in and no error. Bad options fail at once. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';

const SCRIPT = join(ROOT, 'scripts', 'bench-chat.ts');
const clean = () => {
  const env = { ...process.env };
  for (const k of ['BOTSERVER_URL', 'BOTSERVER_BIN', 'BOTUI_BIN', 'REFERENCE_PROFILE', 'REFERENCE_MUTATIONS'])
    delete env[k];
  return env;
};

test('a tiny chat bench against the reference platform: table, JSON and chart', { timeout: 120_000 }, () => {
  const out = tempDir('bench-chat-');
  const r = spawnSync(
    process.execPath,
    [SCRIPT, '--levels', '2', '--turns', '2', '--pieces', '3', '--piece-ms', '5', '--out', out],
    { cwd: ROOT, encoding: 'utf8', env: clean(), timeout: 110_000 },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /LLM stand-in pace: 3 pieces, 5 ms apart/);
  assert.match(r.stdout, /\| reference platform \| 2 \| [\d.]+ \| [\d.]+ \/ [\d.]+ \/ [\d.]+ \|/);
  const files = readdirSync(out);
  const json = JSON.parse(
    readFileSync(
      join(
        out,
        files.find((f) => f.endsWith('.json'))!,
      ),
      'utf8',
    ),
  );
  const level = json.builds[0].levels[0];
  assert.equal(level.turnsDone, 4);
  assert.deepEqual(level.errors, {});
  assert.ok(level.finalMs.p50 >= level.firstReplyMs.p50 && level.firstReplyMs.p50 > 0);
  assert.ok(level.finalMs.p50 >= 10, 'three pieces 5 ms apart take at least 10 ms: the pace is applied');
  assert.ok(level.peakRssMiB > 0 && level.cpuSeconds >= 0);
  assert.match(
    readFileSync(
      join(
        out,
        files.find((f) => f.endsWith('.html'))!,
      ),
      'utf8',
    ),
    /<svg[\s\S]*reference platform[\s\S]*<\/svg>/,
  );
});

test('bad options fail at once, naming the option', () => {
  const r = spawnSync(process.execPath, [SCRIPT, '--levels', '1,500'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: clean(),
    timeout: 20_000,
  });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--levels must be a whole number from 1 to 64/);
});
