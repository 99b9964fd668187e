import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, SETTINGS } from '../stack/config.ts';
import { ConfigError } from '../stack/errors.ts';
import { exportLines, shellQuote } from '../stack/shell-exports.ts';
import { mask, redact } from '../stack/secrets.ts';
import { ROOT, tempDir } from './helpers.ts';
import { execFileSync } from 'node:child_process';

test('defaults: auto provider, 30 s per service, 60 s for BotServer, the reference platform', () => {
  const c = loadConfig({});
  assert.equal(c.provider, 'auto');
  assert.equal(c.serviceReadyMs, 30_000);
  assert.equal(c.botserverReadyMs, 60_000);
  assert.equal(c.botserverBin, undefined);
  assert.equal(c.keepOnError, false);
});

test('bad values name the variable and the fix', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ STACK_PROVIDER: 'kubernetes' }, 'STACK_PROVIDER', /use one of auto, containers, local/],
    [{ BOTSERVER_BIN: '/nonexistent/botserver' }, 'BOTSERVER_BIN', /does not exist/],
    [{ BOTUI_BIN: '/nonexistent/botui' }, 'BOTUI_BIN', /does not exist/],
    [{ TEMP_STACK_TIMEOUT: 'soon' }, 'TEMP_STACK_TIMEOUT', /not a positive number/],
    [{ BOTSERVER_READY_TIMEOUT: '-1' }, 'BOTSERVER_READY_TIMEOUT', /not a positive number/],
    [{ PG_BIN_DIR: '/nonexistent' }, 'PG_BIN_DIR', /initdb does not exist/],
  ];
  for (const [env, variable, fix] of cases) {
    assert.throws(
      () => loadConfig(env),
      (e: unknown) =>
        e instanceof ConfigError && e.variable === variable && fix.test(e.message) && e.message.startsWith(variable),
    );
  }
});

test('BOTSERVER_BIN that is not executable is refused with the chmod to run', () => {
  const dir = tempDir('cfg-');
  const file = join(dir, 'botserver');
  writeFileSync(file, '#!/bin/sh\n');
  chmodSync(file, 0o644);
  assert.throws(() => loadConfig({ BOTSERVER_BIN: file }), /BOTSERVER_BIN: .* is not executable; run chmod \+x/);
  assert.throws(() => loadConfig({ BOTSERVER_BIN: dir }), /BOTSERVER_BIN: .* is not a file/);
});

test('every setting is in the configuration table (docs/stack.md) and in .env.example, and nothing else is', () => {
  const readme = readFileSync(join(ROOT, 'docs', 'stack.md'), 'utf8');
  const example = readFileSync(join(ROOT, '.env.example'), 'utf8');
  for (const s of SETTINGS) {
    assert.match(
      readme,
      new RegExp(`\\| \`${s.name}\` \\|`),
      `${s.name} missing from the configuration table of docs/stack.md`,
    );
    assert.match(example, new RegExp(`^#? ?${s.name}=`, 'm'), `${s.name} missing from .env.example`);
  }
  const listed = [...example.matchAll(/^#? ?([A-Z_]+)=/gm)].map((m) => m[1]);
  assert.deepEqual(
    listed.filter((n) => !SETTINGS.some((s) => s.name === n)),
    [],
  );
});

test('export lines survive eval in a shell, whatever the value holds', () => {
  const env = { A: "it's", B: 'x y $HOME `id` "q"', C: '' };
  const out = execFileSync('bash', ['-c', `${exportLines(env)}\nprintf '%s|%s|%s' "$A" "$B" "$C"`], {
    encoding: 'utf8',
  });
  assert.equal(out, `${env.A}|${env.B}|${env.C}`);
  assert.equal(shellQuote("a'b"), `'a'\\''b'`);
});

test('secrets are masked and redacted', () => {
  assert.equal(mask('abcdefghij'), 'abcd…(10 chars)');
  assert.equal(
    redact('url postgres://u:supersecret@h', ['supersecret']),
    'url postgres://u:[redacted supe…(11 chars)]@h',
  );
});
