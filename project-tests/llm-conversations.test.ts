/**
 * The LLM stand-in's conversation routes (standins/llm/conversations.ts, forward.ts; docs/conversations.md): a
 * conversation's turns are scripted on its own route whatever the prompt says, a call nobody scripted is answered and
 * recorded as such, a late call of an earlier turn never uses the current turn's script, and a recording forwards
 * each call to a real OpenAI-compatible endpoint — here a second stand-in — and streams back what it answered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmStandIn } from '../standins/llm/server.ts';
import { LlmAdmin } from '../standins/clients.ts';
import { listen, parseSse } from './standin-server.ts';

const TOOLS = [{ type: 'function', function: { name: 'book-room', parameters: { type: 'object', properties: {} } } }];

async function ask(
  url: string,
  content: string,
  extra: Record<string, unknown> = {},
): Promise<{ status: number; body: string }> {
  const r = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content }], ...extra }),
  });
  return { status: r.status, body: await r.text() };
}

test("a conversation's turns are scripted on its route: reply, tool call then reply, error; an unscripted or late call is recorded as such", async () => {
  const s = await listen(createLlmStandIn());
  const llm = new LlmAdmin(s.url);
  try {
    const route = `${s.url}/c/conv1`;
    await llm.scriptTurn('conv1', 1, { reply: 'Scripted one.' }, 'first words');
    assert.equal(parseSse((await ask(route, 'User: first words\nAssistant: ')).body).text, 'Scripted one.');
    // Used up: the same turn asked again is unscripted (the default reply), and recorded so.
    assert.equal(
      parseSse((await ask(route, 'User: first words\nAssistant: ')).body).text,
      'Stand-in reply: first words',
    );
    await llm.scriptTurn('conv1', 2, { call: 'book-room', args: { size: 'large' }, then: 'Booked.' }, 'second words');
    // A late call of turn 1 does not use turn 2's script.
    assert.equal(
      parseSse((await ask(route, 'User: first words\nAssistant: ')).body).text,
      'Stand-in reply: first words',
    );
    const call = await ask(route, 'User: second words\nAssistant: ', { tools: TOOLS });
    assert.match(call.body, /"name":"book-room"/);
    const after = await fetch(`${route}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        stream: true,
        messages: [
          { role: 'user', content: 'User: second words' },
          { role: 'tool', content: 'Reserved.' },
        ],
      }),
    });
    assert.equal(parseSse(await after.text()).text, 'Booked.');
    await llm.scriptTurn('conv1', 3, { error: 500 });
    assert.equal((await ask(route, 'anything')).status, 500);
    const recorded = (await llm.requests({ path: '/c/conv1/' })).map((r) => [r.turn, r.scripted]);
    assert.deepEqual(recorded, [
      [1, true],
      [1, false],
      [2, false],
      [2, true],
      [2, true],
      [3, true],
    ]);
    assert.deepEqual(await llm.conversationState('conv1'), { turn: 3, state: 'done' });
    // Another route is another conversation; the admin API refuses what it cannot script.
    assert.equal(parseSse((await ask(`${s.url}/c/other`, 'hi')).body).text, 'Stand-in reply: hi');
    await assert.rejects(llm.scriptTurn('conv1', 4, { call: 'x' } as never), /400/);
  } finally {
    await s.close();
  }
});

test('a recording forwards each call to a real OpenAI-compatible endpoint (a second stand-in here) and streams back its text or tool call', async () => {
  const upstream = await listen(createLlmStandIn());
  const s = await listen(createLlmStandIn());
  const llm = new LlmAdmin(s.url);
  const up = new LlmAdmin(upstream.url);
  try {
    await up.setScenario('forwarded words', { type: 'reply', text: 'Answered upstream.' });
    await up.setScenario('book it', { type: 'tool-call', name: 'book-room', arguments: { guests: 3 } });
    await llm.record('rec1', { url: `${upstream.url}/v1`, key: 'sk-test' });
    const route = `${s.url}/c/rec1`;
    assert.equal(parseSse((await ask(route, 'User: forwarded words')).body).text, 'Answered upstream.');
    assert.match((await ask(route, 'User: book it', { tools: TOOLS })).body, /"name":"book-room".*|"arguments"/s);
    const seen = await up.requests();
    assert.equal(seen.length, 2, 'the upstream got both calls');
    assert.equal((seen[0]!.body as { stream?: boolean }).stream, false, 'forwarded without streaming');
    assert.equal(seen[0]!.headers.authorization, 'Bearer sk-test');
    const recorded = await llm.requests({ path: '/c/rec1/' });
    assert.deepEqual(
      recorded.map((r) => [r.recorded, r.forwarded, r.reply, r.toolCall?.name]),
      [
        [true, true, 'Answered upstream.', undefined],
        [true, true, '', 'book-room'],
      ],
    );
    // An upstream that fails is said, naming it.
    await llm.record('rec2', { url: 'http://127.0.0.1:9/v1' });
    const failed = await ask(`${s.url}/c/rec2`, 'x');
    assert.equal(failed.status, 500);
    assert.match(failed.body, /stand-in failure/);
  } finally {
    await s.close();
    await upstream.close();
  }
});
