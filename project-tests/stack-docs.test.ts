/**
 * docs/stack.md's generated parts (the stack's exports, the configuration, services and images tables) and
 * `.env.example` are written from the code (scripts/stack-docs.ts: stack/config.ts SETTINGS and stack/services/*.ts):
 * they are never stale, and the check says so, naming the command, when they are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';
import redis from '../stack/services/redis.ts';
import { loadServices } from '../stack/services/registry.ts';

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
      : text.replace(`| \`REDIS_IMAGE\` | \`${redis.image!.default}\` |`, '| `REDIS_IMAGE` | `redis:0-edited` |'),
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

/** scripts/container-engine.sh `images` in a copy of the project whose `node` is a stand-in: it prints `lines` and
 * exits `code` (what scripts/stack-docs.ts --images would). */
function engineImages(lines: string, code: number) {
  const dir = tempDir('engine-images-');
  mkdirSync(join(dir, 'scripts'));
  mkdirSync(join(dir, 'node_modules', '.bin'), { recursive: true });
  copyFileSync(join(ROOT, 'scripts', 'container-engine.sh'), join(dir, 'scripts', 'container-engine.sh'));
  writeFileSync(join(dir, 'node_modules', '.bin', 'node'), `#!/bin/sh\nprintf '%s' "$LINES"\nexit ${code}\n`, {
    mode: 0o755,
  });
  return spawnSync('bash', [join(dir, 'scripts', 'container-engine.sh'), 'images'], {
    encoding: 'utf8',
    env: { ...process.env, LINES: lines },
  });
}

test('the container engine script reads the images from the generator, and a generator that fails, lists none or prints a stray line is an error naming it', () => {
  const good = engineImages('redis\tREDIS_IMAGE\tredis:x\tlocal/redis:1\ns3\tMINIO_IMAGE\tminio:y\t-\n', 0);
  assert.equal(good.status, 0, good.stderr);
  assert.equal(good.stdout, 'redis REDIS_IMAGE local/redis:1\n');
  for (const [lines, code, why] of [
    ['redis\tREDIS_IMAGE\tredis:x\tlocal/redis:1\n', 1, /stack-docs\.ts --images failed/],
    ['', 0, /node scripts\/stack-docs\.ts --images listed no image/],
    [
      'usage: something else\n',
      0,
      /node scripts\/stack-docs\.ts --images printed a line that is not key, setting, tag, local tag/,
    ],
  ] as const) {
    const r = engineImages(lines, code);
    assert.equal(r.status, 1, `${JSON.stringify(lines)} exit ${code}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, why);
    assert.equal(r.stdout, '');
  }
});

/** Where the project names a service image's tag (default or built here) other than the service's own file and the
 * two files generated from it: `git grep` of the tracked files as they are in the work tree. */
function tagsNamedElsewhere(tags: readonly string[]): string[] {
  const r = spawnSync(
    'git',
    [
      'grep',
      '-n',
      '-F',
      ...tags.flatMap((t) => ['-e', t]),
      '--',
      '.',
      ':!stack/services/*.ts',
      ':!docs/stack.md',
      ':!.env.example',
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test("a service's image tags are written in its file alone: tests and scripts take them from its declaration", async () => {
  const tags = (await loadServices()).flatMap((s) => (s.image ? [s.image.default, s.image.local ?? []].flat() : []));
  assert.ok(tags.includes(redis.image!.default), tags.join(', '));
  assert.deepEqual(tagsNamedElsewhere(tags), []);
});
