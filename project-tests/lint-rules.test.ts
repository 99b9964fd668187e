/**
 * The linters hold the house's rules (`npm run lint`, tools/lint/): each rule of ours, and the Playwright rules the
 * suite relies on, turn red on a seeded breach — ESLint on a spec or page object given as text, dependency-cruiser on
 * a small tree of the project's layout made in a temp dir.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';

const LINT = join(ROOT, 'tools', 'lint');
const ESLINT = join(LINT, 'node_modules', 'eslint', 'bin', 'eslint.js');
const DEPCRUISE = join(LINT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruiser.mjs');

/** ESLint's messages ("rule: message") for `text` as if it were the file `file` of the project. */
function eslint(file: string, text: string): string[] {
  const r = spawnSync(
    process.execPath,
    [
      ESLINT,
      '--config',
      join(LINT, 'eslint.config.mjs'),
      '--format',
      'json',
      '--stdin',
      '--stdin-filename',
      join(ROOT, file),
    ],
    { cwd: ROOT, input: text, encoding: 'utf8' },
  );
  assert.ok(r.stdout, `eslint ran: ${r.stderr}`);
  const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string; message: string }[] }[];
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

const SPEC_HEAD = "import { test, expect } from '../fixtures/test.ts';\n";

test('a spec that holds a selector, presses a control itself or sleeps is refused, saying what to do', () => {
  const found = eslint(
    'tests/seeded.spec.ts',
    `${SPEC_HEAD}test('seeded', async ({ page, loginPage }) => {
  await page.locator('#email').fill('a');
  await loginPage.submit.click();
  await page.waitForTimeout(500);
  await expect(loginPage.email).toBeVisible();
});\n`,
  );
  assert.ok(
    found.some((m) => /^no-restricted-syntax: A spec holds no selector: find the element in a page object/.test(m)),
    found.join('\n'),
  );
  assert.ok(
    found.some((m) => /^no-restricted-syntax: A spec presses no control itself: call the page object's action/.test(m)),
    found.join('\n'),
  );
  assert.ok(
    found.some((m) => /^playwright\/no-wait-for-timeout:/.test(m)),
    found.join('\n'),
  );
});

test('a spec without an assertion, or with a missing await, is refused; named checks count as assertions', () => {
  const found = eslint(
    'tests/seeded.spec.ts',
    `${SPEC_HEAD}test('asserts nothing', async ({ loginPage }) => {
  await loginPage.goto();
});
test('forgets an await', async ({ loginPage }) => {
  expect(loginPage.email).toBeVisible();
});\n`,
  );
  assert.ok(
    found.some((m) => /^playwright\/expect-expect:/.test(m)),
    found.join('\n'),
  );
  assert.ok(
    found.some((m) => /^playwright\/missing-playwright-await:/.test(m)),
    found.join('\n'),
  );
  assert.deepEqual(
    eslint(
      'tests/seeded.spec.ts',
      `import { test } from '../fixtures/test.ts';
import { expectOnLoginPage } from '../fixtures/checks/page-checks.ts';

test('checks through a named check', async ({ loginPage }) => {
  await loginPage.goto();
  await expectOnLoginPage(loginPage);
});\n`,
    ),
    [],
    "a named check (expect…) is an assertion, and a page object's action is no press",
  );
});

test('a page object that asserts is refused', () => {
  const found = eslint(
    'fixtures/pages/seeded-page.ts',
    `import { expect, type Page } from '@playwright/test';
export class SeededPage {
  constructor(readonly page: Page) {}
  async goto(): Promise<void> { await this.page.goto('/'); await expect(this.page).toHaveTitle('x'); }
}\n`,
  );
  assert.ok(
    found.some((m) => /^no-restricted-imports: .*A page object asserts nothing/.test(m)),
    found.join('\n'),
  );
  assert.ok(
    found.some((m) =>
      /^no-restricted-syntax: A page object asserts nothing: put the check in fixtures\/checks\//.test(m),
    ),
    found.join('\n'),
  );
});

test('a file of the stack, the platform or the fixtures over 300 lines of code is refused (comments and blank lines not counted); a spec is not held to it', () => {
  const long = `${Array.from({ length: 301 }, (_, i) => `export const line${i} = ${i};`).join('\n')}\n`;
  assert.ok(
    eslint('stack/seeded.ts', long).some((m) =>
      /^max-lines: File has too many lines \(301\)\. Maximum allowed is 300\./.test(m),
    ),
  );
  assert.ok(eslint('platform/chat/seeded.ts', long).some((m) => /^max-lines:/.test(m)));
  assert.ok(
    !eslint('stack/seeded.ts', long.split('\n').slice(1).join('\n')).some((m) => /^max-lines:/.test(m)),
    '300 lines pass',
  );
  const commented = long.split('\n').slice(1).join('\n').replace(/^/gm, '\n// a comment line\n');
  assert.ok(
    !eslint('stack/seeded.ts', commented).some((m) => /^max-lines:/.test(m)),
    'comments and blank lines are not counted',
  );
});

test('the layers: an upward import and the stack reaching into the platform are refused, a downward one is not', () => {
  const dir = tempDir('layers-');
  const files: Record<string, string> = {
    'tests/a.spec.ts': "import { f } from '../fixtures/f.ts';\nexport const a = f;\n",
    'fixtures/f.ts': "import { s } from '../stack/s.ts';\nexport const f = s;\n",
    'stack/s.ts':
      "import { p } from '../platform/p.ts';\nimport { g } from '../fixtures/g.ts';\nexport const s = p + g;\n",
    'fixtures/g.ts': 'export const g = 1;\n',
    'platform/p.ts': "import { r } from '../builds/records.ts';\nexport const p = r;\n",
    'builds/records.ts': 'export const r = 1;\n',
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), { recursive: true });
    writeFileSync(join(dir, f), text);
  }
  const r = spawnSync(
    process.execPath,
    [
      DEPCRUISE,
      '--config',
      join(LINT, 'dependency-cruiser.cjs'),
      '--output-type',
      'err',
      'tests',
      'fixtures',
      'stack',
      'platform',
      'builds',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  const out = `${r.stdout}${r.stderr}`;
  assert.notEqual(r.status, 0, out);
  assert.match(out, /no-fixtures-below: stack\/s\.ts → fixtures\/g\.ts/);
  assert.match(out, /platform-only-through-records: stack\/s\.ts → platform\/p\.ts/);
  assert.doesNotMatch(
    out,
    /tests\/a\.spec\.ts →|fixtures\/f\.ts →|platform\/p\.ts →/,
    'downward imports and the records are allowed',
  );
});

test("formatting: `npm run lint`'s Prettier check refuses a badly formatted file and passes the same code formatted", () => {
  const lint = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { lint: string } }).scripts
    .lint;
  const check = lint.split(' && ').find((part) => part.includes('prettier'));
  assert.ok(check?.includes('--check'), `npm run lint has a Prettier check: ${lint}`);
  const dir = tempDir('format-');
  const run = (text: string) => {
    writeFileSync(join(dir, 'seeded.ts'), text);
    const args = check!.split(' ').slice(1, -1); // the script's own arguments, the file instead of '.'
    return spawnSync(process.execPath, [...args, join(dir, 'seeded.ts')], { cwd: ROOT, encoding: 'utf8' });
  };
  const bad = run('export const  greeting = ( name:string )=>{ return "Hello, "+name }\n');
  assert.equal(bad.status, 1, `a badly formatted file is refused: ${bad.stdout}${bad.stderr}`);
  assert.match(bad.stderr + bad.stdout, /seeded\.ts/);
  const good = run("export const greeting = (name: string) => {\n  return 'Hello, ' + name;\n};\n");
  assert.equal(good.status, 0, `the same code formatted passes: ${good.stdout}${good.stderr}`);
});
