/**
 * Every environment variable the suite, the stack, the CLI and the scripts read is declared in code, where
 * docs/stack.md and `.env.example` are written from (scripts/stack-docs.ts; stack-docs.test.ts holds them to it): a
 * setting (stack/config.ts SETTINGS, or a service file's `image` and `settings`), one of the stack's exports (its
 * services' `exports`, read back when attaching with BOTSERVER_URL), or in the short list below of variables the
 * machine or the project itself sets. The platform and the stand-ins read only what the stack hands them (their own
 * files say so) and are not scanned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';
import { SETTINGS } from '../stack/config.ts';
import { loadServices, settingsOf, STACK_DIR_EXPORT } from '../stack/services/registry.ts';

/** Set by the machine or by the project's own processes, never by a user. */
const GIVEN: Record<string, string> = {
  PATH: 'the shell',
  CI: 'CI systems (GitHub Actions, .ci/run)',
  GITHUB_STEP_SUMMARY: 'GitHub Actions (the metrics reporter writes its table there)',
  DOCKER_HOST: 'the container engine (scripts/container-engine.sh prints it)',
  S3_ACCESS_KEY: 'the stack, for the embedded S3 server process it starts',
  S3_SECRET_KEY: 'the stack, for the embedded S3 server process it starts',
  DISPLAY: 'the desktop (X11); without it a headed run starts a virtual display (fixtures/virtual-display.ts)',
  PLAYWRIGHT_TRANSFORM_CACHE_DIR: "Playwright's own (its compiled-file cache; npm test keeps it where it always is)",
  TEST_WORKER_INDEX:
    'Playwright, in its worker processes (playwright.config.ts prints its one line only in the runner)',
  PLAYWRIGHT_HTML_OUTPUT_DIR: "Playwright's own (where its HTML reporter writes; the scrub reporter follows it)",
  PLAYWRIGHT_BLOB_OUTPUT_DIR: "Playwright's own (where its blob reporter writes; the scrub reporter follows it)",
  PLAYWRIGHT_JSON_OUTPUT_NAME: "Playwright's own (where its JSON reporter writes; the scrub reporter follows it)",
};
const SCANNED = [
  'stack',
  'fixtures',
  'scripts',
  'tests',
  'global-setup.ts',
  'global-teardown.ts',
  'playwright.config.ts',
];
const READ =
  /process\.env\.([A-Z_][A-Z0-9_]*)|process\.env\[['"]([A-Z_][A-Z0-9_]*)['"]\]|(?:get|flag|seconds)\(env, '([A-Z_][A-Z0-9_]*)'\)/g;

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [full];
  return readdirSync(full)
    .flatMap((name) => files(join(path, name)))
    .filter((f) => /\.(ts|sh)$/.test(f));
}

export function variablesRead(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of SCANNED.flatMap(files)) {
    for (const m of readFileSync(file, 'utf8').matchAll(READ))
      found.set(m[1] ?? m[2] ?? m[3]!, file.slice(ROOT.length));
  }
  return found;
}

/** The variables declared in code: every setting, every export of the stack. */
async function declared(): Promise<Set<string>> {
  const services = await loadServices();
  return new Set([
    ...SETTINGS.map((s) => s.name),
    ...services.flatMap(settingsOf).map((s) => s.name),
    ...services.flatMap((s) => s.exports),
    STACK_DIR_EXPORT,
  ]);
}

/** The variables of `read` (name → where) that are neither declared nor set by the machine. */
function undeclared(read: Map<string, string>, known: Set<string>): string[] {
  return [...read].filter(([name]) => !known.has(name) && !(name in GIVEN)).map(([name, file]) => `${name} (${file})`);
}

test('every environment variable the code reads is a setting or an export declared in code, or set by the machine', async () => {
  assert.deepEqual(
    undeclared(variablesRead(), await declared()),
    [],
    'variables read by the code that no code declares',
  );
});

test('a variable read but declared nowhere is reported with its file (the check can fail)', async () => {
  const read = new Map([...variablesRead(), ['E2E_NOT_A_SETTING', '/stack/x.ts']]);
  assert.deepEqual(undeclared(read, await declared()), ['E2E_NOT_A_SETTING (/stack/x.ts)']);
});

test('the scan finds what it should (the check can fail)', () => {
  const read = variablesRead();
  for (const name of ['STACK_PROVIDER', 'E2E_WORKERS', 'BOTSERVER_URL', 'REFERENCE_PROFILE'])
    assert.ok(read.has(name), `${name} found`);
});
