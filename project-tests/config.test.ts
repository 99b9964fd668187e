import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, SETTINGS } from '../stack/config.ts';
import { ConfigError } from '../stack/errors.ts';
import { exportLines, shellQuote } from '../stack/shell-exports.ts';
import { mask, redact } from '../stack/secrets.ts';
import { tempDir } from './helpers.ts';
import { loadServices, settingsOf } from '../stack/services/registry.ts';
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

test("a service's setting is the environment's value, else its file's default", () => {
  const setting = { name: 'ECHO_GREETING', default: 'hello', meaning: 'what the echo service answers' };
  assert.equal(loadConfig({}).setting(setting), 'hello');
  assert.equal(loadConfig({ ECHO_GREETING: ' bonjour ' }).setting(setting), 'bonjour');
  assert.equal(loadConfig({ ECHO_GREETING: '  ' }).setting(setting), 'hello', 'blank is unset');
});

test('a setting is declared once: a service that declares one of stack/config.ts, or a malformed one, is refused naming its file', async () => {
  const service = (key: string, image: object) =>
    `export default { key: '${key}', needs: [], start: { any: async () => ({}) }, exports: [], faults: false, image: ${JSON.stringify(image)} };\n`;
  const twice = tempDir('settings-');
  writeFileSync(join(twice, 'echo.ts'), service('echo', { name: 'STACK_PROVIDER', default: 'x', meaning: 'y' }));
  await assert.rejects(
    loadServices(twice),
    /stack\/services\/echo\.ts declares the setting STACK_PROVIDER, which stack\/config\.ts declares too/,
  );
  const two = tempDir('settings-');
  writeFileSync(join(two, 'a.ts'), service('a', { name: 'A_IMAGE', default: 'x', meaning: 'y' }));
  writeFileSync(join(two, 'b.ts'), service('b', { name: 'A_IMAGE', default: 'x', meaning: 'y' }));
  await assert.rejects(
    loadServices(two),
    /stack\/services\/b\.ts declares the setting A_IMAGE, which stack\/services\/a\.ts/,
  );
  const bad = tempDir('settings-');
  writeFileSync(join(bad, 'echo.ts'), service('echo', { name: 'echo image', default: 'x' }));
  await assert.rejects(
    loadServices(bad),
    /stack\/services\/echo\.ts is not a stack service: it lacks an `image` with name, default and meaning/,
  );
  assert.deepEqual(
    (await loadServices()).flatMap(settingsOf).filter((s) => SETTINGS.some((g) => g.name === s.name)),
    [],
    "the project's own services declare none of stack/config.ts's",
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
