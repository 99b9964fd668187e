/**
 * Every environment variable the suite, the stack, the CLI and the scripts read is documented in docs/stack.md: in
 * the configuration table, among the stack's exports (read back when attaching with BOTSERVER_URL), or in the
 * short list below of variables the machine or the project itself sets. The platform and the stand-ins read only
 * what the stack hands them (their own files say so) and are not scanned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

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

test('every environment variable the code reads is in docs/stack.md (configuration table or exports) or set by the machine', () => {
  const readme = readFileSync(join(ROOT, 'docs', 'stack.md'), 'utf8');
  const table = new Set([...readme.matchAll(/^\| `([A-Z_][A-Z0-9_]*)` \|/gm)].map((m) => m[1]));
  const exportsLine = readme.slice(readme.indexOf('Exported:'), readme.indexOf('Exported:') + 600);
  const undocumented = [...variablesRead()].filter(
    ([name]) => !table.has(name) && !exportsLine.includes(`\`${name}\``) && !(name in GIVEN),
  );
  assert.deepEqual(undocumented, [], 'variables read by the code (and where) that docs/stack.md does not list');
});

test('the scan finds what it should (the check can fail)', () => {
  const read = variablesRead();
  for (const name of ['STACK_PROVIDER', 'E2E_WORKERS', 'BOTSERVER_URL', 'REFERENCE_PROFILE'])
    assert.ok(read.has(name), `${name} found`);
});
