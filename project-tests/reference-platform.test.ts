/** The reference platform over real HTTP and websocket, on a real temporary stack. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { Redis } from 'ioredis';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { LlmAdmin, DirectoryAdmin } from '../standins/clients.ts';
import { defaultReply } from '../standins/llm/scenarios.ts';
import { ChatClient } from '../fixtures/chat-client.ts';
import { eventually } from './helpers.ts';

let stack: TemporaryStack;
let base = '';
let env: Record<string, string>;
let db: pg.Pool;
let llm: LlmAdmin;

before(async () => {
  stack = await TemporaryStack.start({ config: loadConfig({ STACK_PROVIDER: 'local' }), log: () => undefined });
  env = stack.env();
  base = env.BOTSERVER_URL!;
  db = new pg.Pool({ connectionString: env.DATABASE_URL, max: 2 });
  db.on('error', () => undefined); // the last test stops PostgreSQL under it
  llm = new LlmAdmin(env.LLM_URL!);
});
after(async () => {
  await db?.end();
  await stack?.shutdown();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });
async function login(): Promise<string> {
  const r = await post('/api/auth/login', { email: env.E2E_USER_EMAIL, password: env.E2E_USER_PASSWORD });
  assert.equal(r.status, 200);
  return (await r.json()).access_token;
}
async function chatSession() {
  return (await (await fetch(`${base}/api/auth?bot_name=default`)).json()) as {
    user_id: string;
    session_id: string;
    bot_id: string;
    bot_name: string;
    status: string;
  };
}

test('health: /health and /api/health with a real database check, and it says what it is', async () => {
  const h = await (await fetch(`${base}/health`)).json();
  assert.equal(h.status, 'ok');
  assert.equal(h.service, 'botserver');
  assert.match(h.implementation, /reference platform \(not BotServer\)/);
  const a = await fetch(`${base}/api/health`);
  assert.equal(a.status, 200);
  assert.deepEqual({ status: (await a.json()).status }, { status: 'healthy' });
});

test('pages: desktop and login with the contract titles; their assets answer 200', async () => {
  for (const [path, title] of [
    ['/', 'General Bots Desktop'],
    ['/chat', 'General Bots Desktop'],
    ['/login', 'Login - General Bots'],
    ['/auth/login.html', 'Login - General Bots'],
    ['/suite/auth/login.html', 'Login - General Bots'],
  ]) {
    const r = await fetch(`${base}${path}`);
    assert.equal(r.status, 200, path);
    const html = await r.text();
    assert.match(html, new RegExp(`<title>${title}</title>`));
    for (const asset of html.matchAll(/(?:src|href)="(\/suite\/[^"]+)"/g))
      assert.equal((await fetch(`${base}${asset[1]}`)).status, 200, asset[1]);
  }
  assert.equal((await fetch(`${base}/suite/../server.ts`)).status, 404);
});

test('login performs the three directory calls and answers as §4.2; tokens live in Redis with their expiry', async () => {
  const directory = new DirectoryAdmin(env.DIRECTORY_URL!);
  const since = Math.max(0, ...(await directory.requests()).map((x) => x.seq));
  const r = await post('/api/auth/login', { email: env.E2E_USER_EMAIL, password: env.E2E_USER_PASSWORD });
  assert.equal(r.status, 200);
  const calls = (await directory.requests()).filter((x) => x.seq > since);
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.path}`),
    ['POST /oauth/v2/token', 'POST /management/v1/users/_search', 'POST /v2/sessions'],
  );
  assert.deepEqual(calls[1]!.body, {
    queries: [{ emailQuery: { emailAddress: env.E2E_USER_EMAIL, method: 'TEXT_QUERY_METHOD_EQUALS' } }],
  });
  const body = await r.json();
  assert.deepEqual(Object.keys(body).sort(), [
    'access_token',
    'expires_in',
    'message',
    'redirect',
    'refresh_token',
    'requires_2fa',
    'session_id',
    'session_token',
    'success',
    'user_id',
  ]);
  assert.match(body.access_token, /^gb_[0-9a-f-]{36}_\d+$/);
  assert.equal(body.expires_in, 3600);
  const redis = new Redis(env.REDIS_URL!);
  try {
    const ttl = await redis.ttl(`gb:auth:token:${body.access_token}`);
    assert.ok(ttl > 3500 && ttl <= 3600, `token TTL ${ttl}`);
  } finally {
    redis.disconnect();
  }
});

test('login errors: wrong password, unknown email, missing fields, not JSON, malformed, oversized', async () => {
  for (const body of [
    { email: env.E2E_USER_EMAIL, password: 'wrong' },
    { email: 'nobody@example.com', password: 'x' },
  ]) {
    const r = await post('/api/auth/login', body);
    assert.equal(r.status, 401);
    assert.deepEqual(await r.json(), { error: 'Invalid email or password', details: null });
  }
  assert.equal((await post('/api/auth/login', { email: '' })).status, 400);
  assert.equal(
    (await post('/api/auth/login', 'email=a', { 'content-type': 'application/x-www-form-urlencoded' })).status,
    415,
  );
  const malformed = await post('/api/auth/login', '{"email":');
  assert.equal(malformed.status, 400);
  assert.equal((await malformed.json()).error, 'Invalid JSON');
  assert.equal((await post('/api/auth/login', JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024) }))).status, 413);
  assert.equal((await fetch(`${base}/health`)).status, 200, 'still serving');
});

test('me, logout and protected routes behave as intended', async () => {
  const token = await login();
  const me = await (await fetch(`${base}/api/auth/me`, { headers: bearer(token) })).json();
  assert.equal(me.email, env.E2E_USER_EMAIL);
  assert.equal(me.is_anonymous, false);
  assert.equal((await (await fetch(`${base}/api/auth/me`)).json()).is_anonymous, true);
  const none = await fetch(`${base}/api/sessions`);
  assert.equal(none.status, 401);
  assert.equal((await none.json()).error, 'missing_token');
  assert.equal(
    (await fetch(`${base}/api/sessions`, { headers: bearer('anything') })).status,
    401,
    'a made-up bearer is refused',
  );
  assert.equal((await fetch(`${base}/api/sessions`, { headers: bearer(token) })).status, 200);
  assert.equal((await fetch(`${base}/api/sessions/not-a-uuid/history`, { headers: bearer(token) })).status, 400);
  const guest = await chatSession();
  assert.equal(
    (await fetch(`${base}/api/sessions/${guest.session_id}/history`, { headers: bearer(token) })).status,
    404,
    "someone else's history is not readable",
  );
  const out = await post('/api/auth/logout', {}, bearer(token));
  assert.equal(out.status, 200);
  assert.deepEqual(await out.json(), { success: true, message: 'Logged out successfully' });
  assert.equal((await fetch(`${base}/api/sessions`, { headers: bearer(token) })).status, 401);
  assert.equal((await (await fetch(`${base}/api/auth/me`, { headers: bearer(token) })).json()).is_anonymous, true);
  assert.equal((await post('/api/auth/logout', {}, bearer(token))).status, 401);
});

test('chat: frames in order, the reply is what the LLM stand-in streamed, turns saved, history sent', async () => {
  const s = await chatSession();
  assert.equal(s.bot_id, 'f47ac10b-58cc-4372-a567-0e02b2c3d480');
  assert.equal(s.status, 'anonymous');
  const chat = await ChatClient.connect(base, { session_id: s.session_id, user_id: s.user_id, bot_name: 'default' });
  try {
    assert.deepEqual(chat.frames[0], {
      type: 'connected',
      bot_id: s.bot_id,
      user_id: s.user_id,
      session_id: s.session_id,
      message: 'Connected to bot server',
      tools: [],
    });
    const first = 'reference first turn';
    const frames = await chat.turn(first, s);
    assert.equal(frames[0]!.thinking, true);
    const deltas = frames.filter((f) => !f.is_complete && !f.thinking);
    assert.ok(deltas.length > 1, 'streamed in several frames');
    const final = frames.at(-1)!;
    assert.equal(
      final.content,
      deltas.map((f) => f.content).join(''),
      'the final frame repeats the whole answer (PRE)',
    );
    assert.equal(final.content, defaultReply(first));
    for (const f of frames)
      assert.deepEqual(
        Object.keys(f)
          .filter((k) => k !== 'thinking')
          .sort(),
        [
          'bot_id',
          'channel',
          'content',
          'context_length',
          'context_max_length',
          'is_complete',
          'message_type',
          'session_id',
          'user_id',
        ],
      );

    const second = 'reference second turn';
    assert.equal((await chat.turn(second, s)).at(-1)!.content, defaultReply(second));
    const [req] = await llm.requests({ contains: second });
    assert.equal(req!.body.messages!.length, 1);
    assert.match(
      req!.body.messages![0]!.content,
      /^System: .*\n\nUser: reference first turn\nAssistant: Stand-in reply: reference first turn\n\nUser: reference second turn\nAssistant: $/s,
    );
    assert.equal(req!.body.model, 'stand-in-model');
    assert.equal(req!.body.stream, true);
    assert.match(req!.headers.authorization!, /^Bearer [0-9a-f]{24}$/, "the bot config's llm-key");

    // The assistant row is written after the final frame (as BotServer does): wait for it.
    const query = () =>
      db.query(
        'SELECT role, content_encrypted, message_type, message_index FROM message_history WHERE session_id = $1 ORDER BY message_index',
        [s.session_id],
      );
    await eventually(async () => (await query()).rowCount === 4, 5000);
    const rows = (await query()).rows;
    assert.deepEqual(
      rows.map((r) => [r.role, r.content_encrypted, r.message_type, r.message_index]),
      [
        [1, first, 1, 0],
        [2, defaultReply(first), 2, 1],
        [1, second, 1, 2],
        [2, defaultReply(second), 2, 3],
      ],
    );
    const cfg = (
      await db.query(`SELECT config_key FROM bot_configuration WHERE bot_id = $1 ORDER BY 1`, [s.bot_id])
    ).rows.map((r) => r.config_key);
    assert.deepEqual(
      cfg,
      ['embedding-dimensions', 'llm-cache', 'llm-key', 'llm-model', 'llm-server', 'llm-url', 'vectordb-url'],
      'config.csv from the bucket landed in bot_configuration',
    );
  } finally {
    chat.close();
  }
});

test('chat bad input: frames that are not JSON, other message types, empty text are ignored; the session goes on', async () => {
  const s = await chatSession();
  const chat = await ChatClient.connect(base, { session_id: s.session_id, user_id: s.user_id, bot_name: 'default' });
  try {
    chat.sendRaw('not json at all');
    chat.sendRaw(JSON.stringify({ content: 'system frame', message_type: 7 }));
    chat.sendRaw(JSON.stringify({ content: '   ', message_type: 1 }));
    chat.sendRaw(JSON.stringify({ text: 'short frame style' }));
    const final = await chat.until((f) => f.is_complete === true);
    assert.equal(final.content, defaultReply('short frame style'));
    assert.equal(chat.frames.filter((f) => f.is_complete).length, 1, 'only the valid turn was answered');
  } finally {
    chat.close();
  }
  const anon = await ChatClient.connect(base, {});
  try {
    assert.match(String(anon.frames[0]!.session_id), /^[0-9a-f-]{36}$/, 'missing query parameters get a new session');
  } finally {
    anon.close();
  }
});

test('an LLM failure ends the turn with an error frame and saves no empty answer', async () => {
  const s = await chatSession();
  const chat = await ChatClient.connect(base, { session_id: s.session_id, user_id: s.user_id, bot_name: 'default' });
  try {
    for (const marker of ['[llm:500]', '[llm:malformed]', '[llm:truncate]']) {
      const final = (await chat.turn(`this fails ${marker} now`, s)).at(-1)!;
      assert.equal(final.is_complete, true);
      assert.equal(final.content, '');
      assert.ok(final.error && final.error.length > 0, `an error is reported for ${marker}`);
    }
    assert.equal((await chat.turn('recovered', s)).at(-1)!.content, defaultReply('recovered'));
    const roles = async () =>
      (
        await db.query('SELECT role FROM message_history WHERE session_id = $1 ORDER BY message_index', [s.session_id])
      ).rows.map((r) => r.role as number);
    await eventually(async () => (await roles()).length === 5, 5000);
    assert.deepEqual(await roles(), [1, 1, 1, 1, 2]);
  } finally {
    chat.close();
  }
});

test('/api/health answers 503 degraded when the database is down', async () => {
  const pgPid = stack.state.services.postgres!.pid!;
  process.kill(pgPid, 'SIGINT');
  const end = Date.now() + 10_000;
  let last: { status: number; body: { status?: string; database?: boolean } } = { status: 0, body: {} };
  while (Date.now() < end) {
    const r = await fetch(`${base}/api/health`);
    last = { status: r.status, body: await r.json() };
    if (r.status === 503) break;
  }
  assert.equal(last.status, 503);
  assert.equal(last.body.status, 'degraded');
  assert.equal(last.body.database, false);
  assert.equal((await fetch(`${base}/health`)).status, 200, '/health still answers');
});
