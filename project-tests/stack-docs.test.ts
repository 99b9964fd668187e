/**
 * docs/stack.md's generated parts (the stack's exports, the configuration, services and images tables) and
 * `.env.example` are written from the code (scripts/stack-docs.ts: stack/config.ts SETTINGS and stack/services/*.ts):
 * they are never stale, and the check says so, naming the command, when they are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';
import redis from '../stack/services/redis.ts';

const SCRIPT = join(ROOT, 'scripts', 'stack-docs.ts');

/** The generator with `args`, in the project. */
const run = (args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });

/** A folder holding the project's docs/stack.md and .env.example, each changed by `edit`. */
function copyEdited(edit: (file: string, text: string) => string): string {
  const dir = tempDir('stack-docs-');
  mkdirSync(join(dir, 'docs'));
  for (const file of ['docs/stack.md', '.env.example'])
    writeFileSync(join(dir, file), edit(file, readFileSync(join(ROOT, file), 'utf8')));
  return dir;
}

test('docs/stack.md and .env.example are what the settings and the service files give (npm run docs:stack)', () => {
  const r = run(['--check']);
  assert.equal(r.status, 0, r.stderr);
});

test('the staleness check can fail: a row edited by hand in either file is refused, naming the file and the command', () => {
  const dir = copyEdited((file, text) =>
    file === '.env.example'
      ? text.replace('# E2E_WORKERS=2', '# E2E_WORKERS=4')
      : text.replace('| `REDIS_IMAGE` | `redis:7.4-alpine` |', '| `REDIS_IMAGE` | `redis:8` |'),
  );
  const r = run(['--check', '--out', dir]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /docs\/stack\.md is stale: run npm run docs:stack/);
  assert.match(r.stderr, /\.env\.example is stale: run npm run docs:stack/);
  // Writing them makes them what the code gives again, and leaves docs/stack.md's prose as it was.
  assert.equal(run(['--out', dir]).status, 0);
  assert.equal(
    readFileSync(join(dir, 'docs', 'stack.md'), 'utf8'),
    readFileSync(join(ROOT, 'docs', 'stack.md'), 'utf8'),
  );
  assert.equal(readFileSync(join(dir, '.env.example'), 'utf8'), readFileSync(join(ROOT, '.env.example'), 'utf8'));
});

test('a page that lost the markers of a generated part is refused, naming the part', () => {
  const dir = copyEdited((file, text) => (file === '.env.example' ? text : text.replace('<!-- end: services -->', '')));
  const r = run(['--check', '--out', dir]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /docs\/stack\.md lacks the markers of its generated part "services"/);
});

test('--images lists each service image once: its key, setting, default tag and the tag the engine script builds', () => {
  const lines = run(['--images']).stdout.trim().split('\n');
  assert.ok(lines.length >= 4, lines.join('\n'));
  const { image } = redis;
  assert.ok(lines.includes(`redis\t${image!.name}\t${image!.default}\t${image!.local}`), lines.join('\n'));
  assert.ok(lines.every((l) => l.split('\t').length === 4));
});
