/**
 * Conversation files (issue 36, docs/conversations.md): the parser names file and line of what is wrong; every
 * example of the docs is a conversation file that runs (the suite's `conversations` project runs bots/'s, the
 * seeded run of conversation-verdicts.test.ts the quiet bot's), so the docs cannot drift, and together they use every
 * step kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from './helpers.ts';
import { parseConversationFile } from '../fixtures/conversations/parse.ts';
import { STEP_KEYS } from '../fixtures/conversations/format.ts';

function parseText(text: string, name = 'c.yml'): ReturnType<typeof parseConversationFile> {
  const dir = tempDir('conv-');
  const file = join(dir, name);
  writeFileSync(file, text.replace('BOT', join(ROOT, 'bots', 'greet.gbai')));
  return parseConversationFile(file);
}

test('the parser names the file and line of what is wrong, and what to write instead', () => {
  assert.throws(
    () => parseText('bot: BOT\nsteps:\n  - user: hi\n  - said: hello\n'),
    /c\.yml:4: unknown step key "said"; known keys: user, click/,
  );
  assert.throws(
    () => parseText('bot: BOT\nsteps:\n  - user: hi\n  - bot_matches: "no slashes"\n'),
    /c\.yml:4: bot_matches: write the expression between slashes/,
  );
  assert.throws(
    () => parseText('bot: BOT\nsteps:\n  - bot: hi\n    llm: x\n'),
    /c\.yml:3: llm goes beside user or click/,
  );
  assert.throws(
    () => parseText('steps:\n  - user: hi\n'),
    /c\.yml:1: which bot\? keep the file in <name>\.gbai\/<name>\.gbtest\//,
  );
  assert.throws(() => parseText('bot: BOT\nsteps:\n  - user: hi\n    llm: { call: x }\n'), /c\.yml:4: llm: expected/);
  assert.throws(() => parseText('bot: BOT\nsteps: [\n'), /c\.yml:\d+: not valid YAML/);
  const [c] = parseText(
    'bot: BOT\neach: [a, b]\nsteps:\n  - user: "say ${each}"\n    llm: "ok ${each}"\n  - bot: "ok ${each}"\n',
  );
  assert.equal(c!.title, 'c [each: a]');
  assert.deepEqual(
    c!.steps.map((s) => [s.line, s.kind]),
    [
      [4, 'user'],
      [6, 'bot'],
    ],
  );
  assert.deepEqual(c!.steps[0], {
    file: c!.steps[0]!.file,
    line: 4,
    kind: 'user',
    text: 'say a',
    llm: { reply: 'ok a' },
  });
});

test('every example of docs/conversations.md is a conversation file of bots/ (or the quiet bot here), and together they use every step kind', () => {
  const doc = readFileSync(join(ROOT, 'docs', 'conversations.md'), 'utf8');
  const blocks = [
    ...doc.matchAll(/```yaml\n# ((?:bots|project-tests\/conversations)\/\S+\.gbtest\/\S+\.ya?ml)\n([\s\S]*?)```/g),
  ];
  assert.ok(blocks.length >= 5, `examples found: ${blocks.length}`);
  const used = new Set<string>();
  for (const [, path, body] of blocks) {
    assert.equal(
      body,
      readFileSync(join(ROOT, path!), 'utf8'),
      `docs/conversations.md's example ${path} is that file, whole`,
    );
    if (!path!.split('/').at(-1)!.startsWith('_'))
      for (const c of parseConversationFile(join(ROOT, path!))) c.steps.forEach((s) => used.add(s.kind));
    for (const k of ['include', 'llm', 'each', 'language'])
      if (new RegExp(`^\\s*-? ?${k}:`, 'm').test(body!)) used.add(k);
  }
  const missing = [...Object.keys(STEP_KEYS), 'each', 'language'].filter((k) => !used.has(k));
  assert.deepEqual(missing, [], 'step kinds without an example that runs');
});
