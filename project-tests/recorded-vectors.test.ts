/**
 * Replays recorded/ (real requests and frames captured from BotServer builds PRE 2c79f29a and HEAD
 * f59afde5) against the stand-ins, and compares the reference platform's frames with the real ones.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLlmStandIn } from '../standins/llm/server.ts';
import { createDirectoryStandIn } from '../standins/directory/server.ts';
import { createVaultStandIn, tablesSecret } from '../standins/vault/server.ts';
import { botFrame, connectedFrame } from '../platform/chat/frames.ts';
import { defaultReply } from '../standins/llm/scenarios.ts';
import { listen, parseSse } from './standin-server.ts';
import { readRecorded as read, recordedBuilds } from './helpers.ts';
import { buildRecord } from '../builds/records.ts';

/** Every recorded build with its traffic in recorded/<name>/ (a new record is picked up with no other change). */
const BUILDS = recordedBuilds('llm-requests.jsonl');

/** The turn a recorded request asks about, read independently of the stand-in's own parser. */
function expectedTurn(messages: { role: string; content: string }[]): string {
  const last = messages.at(-1)!.content;
  const m = /User: ([^\n]*)\nAssistant: $/.exec(last);
  return m ? m[1]! : last;
}

for (const { name: build, skip } of BUILDS) {
  test(
    `${build}: every recorded LLM request gets a 200 stream whose reply is derived from its last user turn`,
    { skip },
    async () => {
      const { url, close } = await listen(createLlmStandIn());
      try {
        const requests = read(build, 'llm-requests.jsonl');
        assert.ok(requests.length > 0);
        for (const r of requests) {
          const res = await fetch(`${url}${r.path}`, {
            method: r.method,
            headers: r.headers,
            body: JSON.stringify(r.body),
          });
          assert.equal(res.status, 200);
          const turn = expectedTurn(r.body.messages);
          assert.equal(parseSse(await res.text()).text, defaultReply(turn), `reply for "${turn}"`);
        }
      } finally {
        await close();
      }
    },
  );

  test(`${build}: every recorded Vault read gets what the real server needs`, { skip }, async () => {
    const { url, close } = await listen(
      createVaultStandIn(
        tablesSecret({ host: '127.0.0.1', port: '5432', database: 'd', username: 'u', password: 'p' }),
      ),
    );
    try {
      for (const r of read(build, 'vault-requests.jsonl')) {
        const res = await fetch(`${url}${r.path}`, { headers: r.headers });
        assert.equal(res.status, r.path.endsWith('/gbo/tables') ? 200 : 404, r.path);
      }
    } finally {
      await close();
    }
  });

  test(`${build}: the recorded directory calls are answered as Zitadel would`, { skip }, async () => {
    const server = createDirectoryStandIn({
      clientId: 'test-client-id',
      clientSecret: 'test-client-secret',
      seedUsers: [],
    });
    const { url, close } = await listen(server);
    try {
      await fetch(`${url}/__admin/users`, {
        method: 'POST',
        body: JSON.stringify({ email: 'test@example.com', password: 'TestPassword123!' }),
      });
      let admin = '';
      let userId = '';
      for (const r of read(build, 'directory-calls.jsonl')) {
        const headers = { ...r.headers };
        if (headers.authorization) headers.authorization = `Bearer ${admin}`;
        let body: string = r.body;
        if (r.path === '/v2/sessions') body = body.replace('"user-123"', JSON.stringify(userId));
        const res = await fetch(`${url}${r.path}`, { method: r.method, headers, body });
        const answer = await res.json();
        if (r.path === '/oauth/v2/token' && body.includes('client_credentials')) {
          assert.equal(res.status, 200);
          admin = answer.access_token;
        } else if (r.path === '/oauth/v2/token') {
          assert.equal(res.status, 400, 'an unknown refresh token is refused');
        } else if (r.path.startsWith('/management/v1/users/_search')) {
          assert.equal(res.status, 200);
          if (body.includes('test@example.com')) userId = answer.result[0].id;
          if (body.includes('nobody@example.com')) assert.equal(answer.result, undefined);
          if (body === '{}') assert.ok(answer.result.length >= 1);
        } else if (r.path === '/v2/sessions') {
          const right = body.includes('TestPassword123!');
          assert.equal(res.status, right ? 201 : 400);
          if (!right) assert.match(answer.message, /password/i);
        }
      }
    } finally {
      await close();
    }
  });
}

for (const { name: build, title, skip } of recordedBuilds('chat-session.jsonl').filter(
  (b) => buildRecord(b.name).reference.frames === 'answer-in-final',
))
  test(`the reference platform's answer-in-final frames have ${title}'s shape`, { skip }, () => {
    const frames = read(build, 'chat-session.jsonl')
      .filter((f) => f.dir === 'recv')
      .map((f) => f.data);
    const ids = { bot_id: 'b', user_id: 'u', session_id: 's' };
    const connected = frames.find((f) => f.type === 'connected')!;
    assert.deepEqual(Object.keys(connectedFrame(ids)).sort(), Object.keys(connected).sort());
    const delta = frames.find((f) => f.type === undefined && !f.is_complete)!;
    assert.deepEqual(Object.keys(botFrame(ids, 'x', false)).sort(), Object.keys(delta).sort());
    const deltas = frames
      .filter((f) => f.type === undefined && !f.is_complete)
      .map((f) => f.content)
      .join('');
    const final = frames.find((f) => f.is_complete)!;
    assert.ok(deltas.startsWith(final.content), `${title}: the final frame repeats the whole answer`);
  });
