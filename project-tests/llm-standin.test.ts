import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmStandIn, splitBytesCuts } from '../standins/llm/server.ts';
import { LlmAdmin } from '../standins/clients.ts';
import { defaultReply, scenarioFromMarker, splitIntoChunks } from '../standins/llm/scenarios.ts';
import { lastUserTurn } from '../standins/llm/prompt.ts';
import { listen, parseSse } from './standin-server.ts';
import { DEFAULT_DIMENSIONS, cosine } from '../standins/llm/embeddings.ts';

let url = '';
let close: () => Promise<void>;
let admin: LlmAdmin;
before(async () => {
  const server = await listen(createLlmStandIn());
  url = server.url;
  close = server.close;
  admin = new LlmAdmin(url);
});
after(() => close());

const chat = (body: unknown, raw?: string) =>
  fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer ' },
    body: raw ?? JSON.stringify(body),
  });
const flattened = (turn: string) => ({
  model: '',
  stream: true,
  max_tokens: 16384,
  temperature: 1.0,
  top_p: 1.0,
  messages: [
    { role: 'user', content: `System: prompt\n\nUser: earlier\nAssistant: answer\n\nUser: ${turn}\nAssistant: ` },
  ],
});

test('a streamed completion parses as BotServer parses it: role chunk, deltas, stop, [DONE]', async () => {
  const r = await chat(flattened('stream me please'));
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type')!, /^text\/event-stream/);
  const sse = parseSse(await r.text());
  assert.equal(sse.text, defaultReply('stream me please'));
  assert.ok(sse.done && sse.finish);
  assert.deepEqual(JSON.parse(sse.lines[0]!.slice(6)).choices[0].delta, { role: 'assistant', content: '' });
  assert.ok(sse.lines.length >= 5, 'one chunk per piece');
});

test('a non-streamed completion is a normal JSON completion', async () => {
  const r = await chat({ ...flattened('plain json'), stream: false });
  const j = await r.json();
  assert.equal(j.object, 'chat.completion');
  assert.equal(j.choices[0].message.content, defaultReply('plain json'));
  assert.equal(j.choices[0].finish_reason, 'stop');
});

test('the last user turn is read from both real request shapes', () => {
  assert.equal(
    lastUserTurn([{ role: 'user', content: 'System: x\n\nUser: a\nAssistant: b\n\nUser: the turn\nAssistant: ' }]),
    'the turn',
  );
  assert.equal(
    lastUserTurn([
      { role: 'system', content: 'sys' },
      { role: 'user', content: 'first' },
      { role: 'assistant', content: 'r' },
      { role: 'user', content: 'now' },
      { role: 'user', content: 'now' },
    ]),
    'now',
  );
  assert.equal(lastUserTurn([{ role: 'user', content: [{ type: 'text', text: 'parts' }] }]), 'parts');
  assert.equal(lastUserTurn('nope'), '');
});

test('markers choose scenarios; chunks concatenate to the reply', () => {
  assert.deepEqual(scenarioFromMarker('x [llm:reply=Hi there] y'), { type: 'reply', text: 'Hi there' });
  assert.deepEqual(scenarioFromMarker('[llm:slow=3,10]'), { type: 'stream', chunks: 3, delayMs: 10 });
  assert.deepEqual(scenarioFromMarker('[llm:429]'), { type: 'status', status: 429 });
  assert.equal(scenarioFromMarker('no marker'), undefined);
  assert.equal(splitIntoChunks('abcdefghij', 3).join(''), 'abcdefghij');
  assert.equal(splitIntoChunks('abcdefghij', 3).length, 3);
});

test('a split-bytes body is cut inside every multi-byte character and inside every data: line; with every, each N bytes', () => {
  const body = Buffer.from('data: {"content":"café 你好 👨‍👩‍👧"}\n\ndata: [DONE]\n\n', 'utf8');
  const cuts = splitBytesCuts(body);
  const pieces = [0, ...cuts].map((from, i) => body.subarray(from, cuts[i] ?? body.length));
  assert.equal(Buffer.concat(pieces).toString('utf8'), body.toString('utf8'), 'the pieces make up the body');
  // Each multi-byte character: a cut after its lead byte.
  for (let at = 0; at < body.length; at++)
    if ((body[at]! & 0xc0) === 0xc0) assert.ok(cuts.includes(at + 1), `a cut inside the character at byte ${at}`);
  // Each data: line is cut inside (its first and its second line).
  for (const start of [0, body.indexOf('data: [DONE]')]) {
    const end = body.indexOf(0x0a, start);
    assert.ok(
      cuts.some((c) => c > start && c < end),
      `a cut inside the line at byte ${start}: ${JSON.stringify(body.subarray(start, end).toString())}`,
    );
  }
  assert.ok(cuts.length < body.length / 3, `far fewer cuts than one every 5 bytes: ${cuts.length}`);
  assert.deepEqual(splitBytesCuts(Buffer.from('abcdefghijk'), 5), [5, 10]);
});

test('fixed reply and HTTP errors by marker', async () => {
  assert.equal(parseSse(await (await chat(flattened('[llm:reply=Exactly this]'))).text()).text, 'Exactly this');
  for (const [status, type] of [
    [500, 'server_error'],
    [429, 'requests'],
    [401, 'invalid_request_error'],
  ] as const) {
    const r = await chat(flattened(`fail [llm:${status}]`));
    assert.equal(r.status, status);
    assert.equal((await r.json()).error.type, type);
  }
});

test('a slow stream arrives in N chunks, spaced out', async () => {
  const t0 = Date.now();
  const sse = parseSse(await (await chat(flattened('slowly [llm:slow=4,100]'))).text());
  assert.ok(Date.now() - t0 >= 300);
  assert.equal(sse.text, defaultReply('slowly [llm:slow=4,100]'));
  assert.equal(sse.lines.length, 1 + 4 + 1 + 1);
});

test('malformed and truncated streams', async () => {
  const malformed = await (await chat(flattened('[llm:malformed]'))).text();
  assert.throws(() => parseSse(malformed), SyntaxError);
  const r = await chat(flattened('cut [llm:truncate] here please now'));
  const text = await r.text().catch(() => 'broken');
  assert.ok(!text.includes('[DONE]'), 'no [DONE] after a cut');
});

test('a hang lasts until the client aborts, and the stand-in keeps serving', async () => {
  await assert.rejects(
    fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(flattened('[llm:hang]')),
      signal: AbortSignal.timeout(300),
    }),
  );
  assert.equal((await chat(flattened('still there'))).status, 200);
});

test('admin API: per-test scenario keyed by a token, and recorded requests filtered', async () => {
  await admin.setScenario('tok-123456', { type: 'reply', text: 'scripted' });
  assert.equal(parseSse(await (await chat(flattened('with tok-123456 inside'))).text()).text, 'scripted');
  assert.equal(
    parseSse(await (await chat(flattened('without the token'))).text()).text,
    defaultReply('without the token'),
  );
  const recorded = await admin.requests({ contains: 'tok-123456' });
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0]!.lastUserTurn, 'with tok-123456 inside');
  assert.equal(recorded[0]!.reply, 'scripted');
  await admin.clearScenario('tok-123456');
  assert.equal(
    parseSse(await (await chat(flattened('with tok-123456 again'))).text()).text,
    defaultReply('with tok-123456 again'),
  );
  await assert.rejects(admin.setScenario('x', { type: 'reply', text: 'too short a key' }), /400/);
});

test('bad requests get OpenAI-style errors and the stand-in keeps serving', async () => {
  const bad = await chat(null, '{"messages": [');
  assert.equal(bad.status, 400);
  assert.match((await bad.json()).error.message, /parse the JSON body/);
  const missing = await chat({ model: 'x' });
  assert.equal(missing.status, 400);
  assert.equal((await fetch(`${url}/v2/unknown`)).status, 404);
  const big = await chat(null, JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(2 * 1024 * 1024) }] }));
  assert.equal(big.status, 413);
  assert.equal((await chat(flattened('alive'))).status, 200);
});

test('models and embeddings', async () => {
  const models = await (await fetch(`${url}/v1/models`)).json();
  assert.equal(models.data[0].id, 'stand-in-model');
  const e = await (
    await fetch(`${url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: ['a', 'b'] }),
    })
  ).json();
  assert.equal(e.data.length, 2);
  assert.equal(e.data[0].embedding.length, DEFAULT_DIMENSIONS);
  const again = await (
    await fetch(`${url}/v1/embeddings`, { method: 'POST', body: JSON.stringify({ input: 'a' }) })
  ).json();
  assert.deepEqual(again.data[0].embedding, e.data[0].embedding, 'deterministic');
});

test('embeddings carry meaning: texts that share words score higher than unrelated ones, at the requested size (issue 35)', async () => {
  const embeddings = async (input: string[], dimensions?: number) => {
    const r = await fetch(`${url}/v1/embeddings`, {
      method: 'POST',
      body: JSON.stringify({ input, model: 'm', ...(dimensions ? { dimensions } : {}) }),
    });
    assert.equal(r.status, 200, await r.clone().text());
    return ((await r.json()) as { data: { embedding: number[] }[] }).data.map((d) => d.embedding);
  };
  const [passage, question, unrelated] = await embeddings([
    'Refunds are paid within 14 days to the card used for the purchase.',
    'How many days until my refund is paid?',
    'The office parking lot opens at seven in the morning.',
  ]);
  const near = cosine(passage!, question!);
  const far = cosine(unrelated!, question!);
  assert.ok(
    near >= 0.2,
    `a question sharing words with a passage scores ${near.toFixed(3)}, under BotServer's 0.20 cut-off`,
  );
  assert.ok(far < near / 2, `an unrelated text scores ${far.toFixed(3)} against ${near.toFixed(3)}`);
  assert.ok(Math.abs(Math.hypot(...passage!) - 1) < 1e-9, 'L2-normalised');
  const [small] = await embeddings(['Refunds are paid within 14 days'], 64);
  assert.equal(small!.length, 64, 'the size the request asks for (`dimensions`)');
  const bad = await fetch(`${url}/v1/embeddings`, {
    method: 'POST',
    body: JSON.stringify({ input: 'x', dimensions: 0 }),
  });
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.param, 'dimensions');
});

test('function calling: a tool-call scenario streams the call of an offered tool as OpenAI does, answers the turn carrying its result with text, and records the tools', async () => {
  const token = `tool${Date.now()}`;
  await admin.setScenario(token, { type: 'tool-call', name: 'book-room', arguments: { size: 'large', guests: 3 } });
  const tools = [
    {
      type: 'function',
      function: {
        name: 'book-room',
        description: 'Books',
        parameters: {
          type: 'object',
          properties: { size: { type: 'string', description: 'How big' } },
          required: ['size'],
        },
      },
    },
  ];
  const messages = [{ role: 'user', content: `a room ${token}` }];
  const r = await chat({ model: 'm', stream: true, messages, tools });
  type Chunk = {
    choices?: {
      delta?: { tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[] };
      finish_reason?: string | null;
    }[];
  };
  const sse = parseSse(await r.text());
  assert.ok(sse.done, 'the stream ends with [DONE]');
  const chunks = sse.lines
    .map((l) => l.slice(6))
    .filter((d) => !d.includes('[DONE]'))
    .map((d) => JSON.parse(d) as Chunk);
  const calls = chunks.flatMap((c) => c.choices?.[0]?.delta?.tool_calls ?? []);
  assert.equal(calls[0]?.function?.name, 'book-room', 'the first piece names the tool');
  assert.match(calls[0]?.id ?? '', /^call_/);
  assert.deepEqual(
    JSON.parse(calls.map((c) => c.function?.arguments ?? '').join('')),
    { size: 'large', guests: 3 },
    'the arguments, in pieces, are the JSON object',
  );
  assert.equal(chunks.at(-1)?.choices?.[0]?.finish_reason, 'tool_calls');
  // The turn that carries the tool's result is answered with text.
  const after = await chat({
    model: 'm',
    stream: false,
    messages: [
      ...messages,
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: calls[0]!.id, type: 'function', function: { name: 'book-room', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: calls[0]!.id, content: 'Booked' },
    ],
    tools,
  });
  assert.equal((await after.json()).choices[0].message.content, 'Stand-in reply after the tool book-room: Booked');
  // A tool that is not offered is never called: the default reply.
  const bare = await chat({ model: 'm', stream: false, messages });
  assert.equal((await bare.json()).choices[0].message.content, defaultReply(`a room ${token}`));
  const recorded = await admin.requests({ contains: token });
  assert.deepEqual(
    recorded.map((q) => q.tools.length),
    [1, 1, 0],
    "each request's tools recorded",
  );
  assert.deepEqual(recorded[0]!.toolCall, { name: 'book-room', arguments: { size: 'large', guests: 3 } });
  assert.equal(recorded[1]!.toolResult, 'Booked');
  // A scenario that is no valid tool call is refused.
  const bad = await fetch(`${url}/__admin/scenarios`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ match: token, scenario: { type: 'tool-call', name: 'a b', arguments: [] } }),
  });
  assert.equal(bad.status, 400);
});
