/**
 * The reference platform's build profiles against the recorded traffic of the real builds (recorded/): under
 * each recorded build's profile a chat turn has the same sequence of frame kinds with the same keys, the LLM request has the
 * same message layout and body keys, and GET /api/auth the same status, as that build's recording.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { LlmAdmin } from '../standins/clients.ts';
import { ChatClient, type Frame } from '../fixtures/chat-client.ts';
import { readRecorded as read, recordedBuilds } from './helpers.ts';

/** A frame's kind, and runs of one kind collapsed: the shape of a turn independent of how many pieces it had. */
function kind(f: Frame): string {
  if (f.type === 'connected') return 'connected';
  if (f.thinking) return 'thinking';
  if (f.is_complete) return f.content ? 'final repeating the answer' : 'final, empty';
  return f.content ? 'delta' : 'keep-alive';
}
const shape = (frames: Frame[]) => frames.map(kind).filter((k, i, all) => i === 0 || all[i - 1] !== k);
const keysByKind = (frames: Frame[]) =>
  Object.fromEntries(frames.map((f) => [kind(f), Object.keys(f).sort().join(',')]));
/** The roles of a request's messages, the last two marked when they are the same user turn (PRE sends it twice). */
const layout = (messages: { role: string; content: string }[]) => {
  const roles = messages.map((m) => m.role);
  const twice = messages.length >= 2 && messages.at(-1)!.content === messages.at(-2)!.content;
  return `${roles[0]}…${roles.at(-1)} (${twice ? 'current turn twice' : 'current turn once'})${/^System: /.test(messages[0]!.content) ? ', flattened transcript' : ''}`;
};

for (const { name: build, title, skip } of recordedBuilds('chat-session.jsonl')) {
  test(
    `profile ${build}: frames, LLM request and /api/auth as recorded from the ${title} build`,
    { timeout: 60_000, skip },
    async () => {
      const recorded = read(build, 'chat-session.jsonl');
      const received = recorded.filter((r) => r.dir === 'recv').map((r) => r.data as Frame);
      const recordedFrames = received.slice(0, received.findIndex((f) => f.is_complete) + 1); // connected + the first turn
      const recordedAuth = recorded.find((r) => r.dir === 'auth')!.data;
      const recordedRequest = read(build, 'llm-requests.jsonl').find(
        (r) => r.body.messages.length <= 4 && !r.body.messages.some((m: { role: string }) => m.role === 'assistant'),
      )!;

      const stack = await TemporaryStack.start({
        config: loadConfig({ STACK_PROVIDER: 'local', REFERENCE_PROFILE: build }),
        log: () => undefined,
      });
      try {
        const base = stack.env().BOTSERVER_URL!;
        const auth = await (await fetch(`${base}/api/auth?bot_name=default`)).json();
        assert.equal(auth.status, recordedAuth.status, 'GET /api/auth status');
        assert.deepEqual(Object.keys(auth).sort(), Object.keys(recordedAuth).sort(), 'GET /api/auth keys');
        const client = await ChatClient.connect(base, {
          session_id: auth.session_id,
          user_id: auth.user_id,
          bot_name: 'default',
        });
        const text = `profile check ${build} ${Date.now()}`;
        const frames = [client.frames[0]!, ...(await client.turn(text, auth))];
        client.close();
        assert.deepEqual(shape(frames), shape(recordedFrames), 'the sequence of frame kinds');
        assert.deepEqual(keysByKind(frames), keysByKind(recordedFrames), 'the keys of each kind of frame');
        const [request] = await new LlmAdmin(stack.env().LLM_URL!).requests({ contains: text });
        assert.deepEqual(
          Object.keys(request!.body).sort(),
          Object.keys(recordedRequest.body).sort(),
          'LLM request body keys',
        );
        assert.equal(
          layout(request!.body.messages!),
          layout(recordedRequest.body.messages),
          'LLM request message layout',
        );
      } finally {
        await stack.shutdown();
      }
    },
  );
}
