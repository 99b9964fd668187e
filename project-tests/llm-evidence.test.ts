/**
 * What the chat checks say when the LLM stand-in got no request holding a turn's text (fixtures/checks/chat-checks.ts
 * withoutTheText), on the real stand-in (no stack): "never called" when nothing but a knowledge base's embeddings came
 * or another test's turn (its token followed by a letter) came in the turn's time, "called without it" when a chat
 * completion without any test's token came.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmStandIn } from '../standins/llm/server.ts';
import { LlmAdmin } from '../standins/clients.ts';
import { LLM_CALLED_WITHOUT_TEXT, withoutTheText } from '../fixtures/checks/chat-checks.ts';
import { listen } from './standin-server.ts';

let server: Awaited<ReturnType<typeof listen>>;
before(async () => {
  server = await listen(createLlmStandIn());
});
after(() => server.close());

const post = (path: string, body: unknown) =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

test("embeddings and another test's turn are no call of this turn: a lost turn is said never called; a chat completion without any test's token is said called without it", async () => {
  const llm = new LlmAdmin(server.url);
  const token = '0123456789ab';
  const embedded = await post('/v1/embeddings', { model: 'e2e-embed', input: ['a passage of a knowledge base'] });
  assert.equal(embedded.status, 200);
  const lost = await withoutTheText(llm, token);
  assert.match(lost, /received NO request containing "0123456789ab": the platform never called the LLM for this turn/);

  // Another test's turn: its token (12 hex digits) with a letter of its own after it.
  const another = await post('/v1/chat/completions', {
    model: 'e2e-model',
    stream: false,
    messages: [{ role: 'user', content: 'a question of another test fedcba987654b' }],
  });
  assert.equal(another.status, 200);
  assert.match(await withoutTheText(llm, token), /the platform never called the LLM for this turn/);

  const chat = await post('/v1/chat/completions', {
    model: 'e2e-model',
    stream: false,
    messages: [{ role: 'user', content: 'a question without any token' }],
  });
  assert.equal(chat.status, 200);
  const other = await withoutTheText(llm, token);
  assert.ok(other.includes(LLM_CALLED_WITHOUT_TEXT), other);
  assert.match(other, /a question without any token/);
});
