/**
 * The named checks on the LLM's request (fixtures/checks/llm-request-checks.ts) fail on what they claim, on a
 * recorded request of the stand-in's shape (no stack): expectPromptHolds on a part missing, a part carried twice
 * (a prompt that gives prompt.md or a block twice), parts out of order — each saying which and what the prompt
 * held — and passes on a prompt that holds each part once, in order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectPromptHolds, expectToolOffered } from '../fixtures/checks/llm-request-checks.ts';
import type { LlmAdmin } from '../standins/clients.ts';

// The stack these checks read their build from (a suite run's global setup sets it): the intended build, whose record
// holds no caveat, so no known-bug stop applies.
process.env.E2E_STACK = JSON.stringify({ build: { name: 'intended' } });

const TOKEN = 'e2e-token-1';
/** An LLM stand-in whose record holds one request: this system prompt, then the visitor's message with TOKEN. */
const llmWith = (system: string) =>
  ({
    requests: async () => [
      {
        seq: 1,
        path: '/v1/chat/completions',
        body: {
          messages: [
            { role: 'system', content: system },
            { role: 'user', content: `hello ${TOKEN}` },
          ],
        },
        reply: 'r',
        lastUserTurn: `hello ${TOKEN}`,
        tools: [],
      },
    ],
  }) as unknown as LlmAdmin;
const PARTS = ['E2E prompt file.', 'E2E system block.', 'E2E context line.'];

test('expectPromptHolds: each part once, in order, passes; a part missing, carried twice or out of order fails naming it', async () => {
  await expectPromptHolds(llmWith(PARTS.join('\n\n')), TOKEN, PARTS);
  await assert.rejects(
    expectPromptHolds(llmWith(`${PARTS[0]}\n\n${PARTS.join('\n\n')}`), TOKEN, PARTS),
    /the LLM's prompt carries a part more than once \(each once\): "E2E prompt file\." 2 times; it held: "E2E prompt file\.\\n\\nE2E prompt file\./,
    'expectPromptHolds passed a prompt that carries prompt.md twice',
  );
  await assert.rejects(
    expectPromptHolds(llmWith(`${PARTS[0]}\n\n${PARTS[1]}\n\n${PARTS[1]}\n\n${PARTS[2]}`), TOKEN, PARTS),
    /carries a part more than once \(each once\): "E2E system block\." 2 times/,
    'expectPromptHolds passed a prompt that carries the system block twice',
  );
  await assert.rejects(
    expectPromptHolds(llmWith(PARTS.slice(0, 2).join('\n\n')), TOKEN, PARTS),
    /lacks \(before the visitor's message\) \["E2E context line\."\]/,
    'expectPromptHolds passed a prompt without the context line',
  );
  await assert.rejects(
    expectPromptHolds(llmWith([PARTS[1], PARTS[0], PARTS[2]].join('\n\n')), TOKEN, PARTS),
    /holds .* but not in this order/,
    'expectPromptHolds passed a prompt with the block before prompt.md',
  );
});

test('expectToolOffered: a tool offered with another declaration (an old version kept) fails showing the declaration offered', async () => {
  const tool = {
    type: 'function',
    function: {
      name: 'book-room',
      description: 'version one',
      parameters: { type: 'object', properties: { size: { type: 'string', description: 'size' } }, required: ['size'] },
    },
  };
  const llm = {
    requests: async () => [
      {
        seq: 1,
        path: '/v1/chat/completions',
        body: { messages: [{ role: 'user', content: `hello ${TOKEN}` }] },
        reply: 'r',
        lastUserTurn: '',
        tools: [tool],
      },
    ],
  } as unknown as LlmAdmin;
  await expectToolOffered(llm, TOKEN, {
    name: 'book-room',
    description: 'version one',
    parameters: { size: { type: 'string', description: 'size' } },
    required: ['size'],
  });
  await assert.rejects(
    expectToolOffered(llm, TOKEN, {
      name: 'book-room',
      description: 'version two',
      parameters: { size: { type: 'string', description: 'size' } },
      required: ['size'],
    }),
    /does not offer the tool book-room as its dialog declares it; it offered book-room declared otherwise: .*version one/,
    'expectToolOffered passed an old declaration of the tool',
  );
});
