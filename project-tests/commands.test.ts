/**
 * The commands CONTRIBUTING.md and the README's command table name, and every npm or npx command of docs/, are all
 * ones the project provides or installs:
 * an npm script of package.json, a bin of node_modules/.bin or of this package, or a file in scripts/. A newcomer
 * can run every one of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  bin: Record<string, string>;
};
const NPM_BUILTIN = new Set(['test', 'ci', 'install']);

/** Why `command` is not one the project provides, or null when it is. */
export function notProvided(command: string): string | null {
  const words = command
    .trim()
    .split(/\s+/)
    .filter((w) => !/^[A-Z_][A-Z0-9_]*=/.test(w));
  const [tool, sub, name] = words;
  if (tool === 'npm') {
    if (sub === 'run') return name && pkg.scripts[name] ? null : `npm run ${name}: no such script in package.json`;
    return sub && NPM_BUILTIN.has(sub) ? null : `npm ${sub}: not a command the project uses`;
  }
  if (tool === 'npx')
    return sub && (existsSync(join(ROOT, 'node_modules', '.bin', sub)) || pkg.bin[sub])
      ? null
      : `npx ${sub}: not installed by the project`;
  if (tool === 'bash' || tool === 'node')
    return sub && existsSync(join(ROOT, sub)) ? null : `${tool} ${sub}: no such file in the project`;
  if (tool === 'eval' && /^"\$\(bash scripts\//.test(sub ?? '')) return null;
  return `${tool}: not a command the project provides or installs`;
}

/** The commands of a Markdown table whose header starts with `| command |`: every `code` span of its first column. */
function tableCommands(markdown: string): string[] {
  const table = /^\| command \|.*\n\|[-|]+\|\n((?:\|.*\n)+)/m.exec(markdown)?.[1] ?? '';
  return table
    .split('\n')
    .filter(Boolean)
    .flatMap((row) => [...row.split(/(?<!\\)\|/)[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/\\\|/g, '|')))
    .filter((c) => /^([A-Z_][A-Z0-9_]*=\S* )*[a-z][\w.-]* \S/.test(c.trim()));
}

for (const file of ['CONTRIBUTING.md', 'README.md']) {
  test(`${file}: every command of its command table is provided or installed by the project`, () => {
    const commands = tableCommands(readFileSync(join(ROOT, file), 'utf8'));
    assert.ok(commands.length >= 5, `the table was found: ${commands}`);
    assert.deepEqual(
      commands.map((c) => [c, notProvided(c)]).filter(([, why]) => why),
      [],
    );
  });
}

test('docs/: every npm or npx command a page names is provided or installed by the project', () => {
  const pages = readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f));
  const named = pages.flatMap((page) =>
    [...readFileSync(join(ROOT, page), 'utf8').matchAll(/`((?:[A-Z_][A-Z0-9_]*=\S* )*np[mx] [^`]+)`/g)].map(
      (m) => [page, m[1]!] as const,
    ),
  );
  assert.ok(named.length >= 10, `the commands were found: ${named.length}`);
  assert.deepEqual(
    named.map(([page, c]) => [page, c, notProvided(c)]).filter(([, , why]) => why),
    [],
  );
});

test('the check refuses a command the project does not provide (it can fail)', () => {
  assert.match(notProvided('duplicates --change')!, /not a command the project provides/);
  assert.match(notProvided('npm run no-such-script')!, /no such script/);
  assert.match(notProvided('npx jscpd .')!, /not installed/);
  assert.equal(notProvided('REFERENCE_PROFILE=pre npx playwright test'), null);
});
