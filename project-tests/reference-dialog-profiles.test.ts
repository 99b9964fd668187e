/**
 * The reference platform's dialog frames against the traffic recorded from the real builds (recorded/<build>/
 * dialog-session.jsonl: start dialogs put into `default.gbai`, each followed by a websocket session): replaying
 * each recorded dialog and its messages under the `pre` / `head` profile gives, turn by turn, the same sequence of
 * frame kinds (the dialog's TALKs, the suggestions, the LLM's stream and final frame) with the same keys as that
 * build's recording.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { ChatClient, type Frame } from '../fixtures/chat-client.ts';
import { readRecorded, recordedBuilds } from './helpers.ts';
import { uploadBot, waitTakenUp } from '../stack/bot-deploy.ts';
import { workPathOf } from '../stack/botserver-wiring.ts';

/** Each frame's kind within a turn: the dialog's TALK is a complete frame with text before any streamed piece. */
function frameKinds(turn: Frame[]): string[] {
  let streamed = false;
  return turn.map((f) => {
    if (f.type === 'connected') return 'connected';
    if (f.thinking) return 'thinking';
    if (!f.is_complete) {
      if (f.content) streamed = true;
      return f.content ? 'delta' : 'keep-alive';
    }
    if (!streamed && f.content) return 'talk';
    return f.content ? 'final repeating the answer' : 'final, empty';
  });
}
/** The shape of a turn: its kinds, runs of one kind collapsed (independent of how many pieces it had). */
const kinds = (turn: Frame[]) => frameKinds(turn).filter((k, i, all) => i === 0 || all[i - 1] !== k);
const keysOf = (turn: Frame[]) => {
  const ks = frameKinds(turn);
  return Object.fromEntries(turn.map((f, i) => [ks[i], Object.keys(f).sort().join(',')]));
};

interface RecordedSession {
  scenario: string;
  body: string;
  /** Frames received before the first message (at connect), then after each message sent. */
  turns: Frame[][];
  sent: string[];
}

/** The recorded sessions (recorded/README.md): a `deploy` line (the start.bas put into `default.gbai`), then one
 * websocket session; only scenarios the reference platform reproduces. */
function recordedSessions(build: string): RecordedSession[] {
  const out: RecordedSession[] = [];
  let current: RecordedSession | undefined;
  for (const r of readRecorded(build, 'dialog-session.jsonl')) {
    if (r.dir === 'deploy') {
      current = r.data.body ? { scenario: r.data.scenario, body: r.data.body, turns: [[]], sent: [] } : undefined;
      if (current) out.push(current);
    } else if (current && r.dir === 'auth' && current.sent.length)
      current = undefined; // a later session of one deploy
    else if (current && r.dir === 'send') {
      current.sent.push(r.data.content);
      current.turns.push([]);
    } else if (current && r.dir === 'recv' && r.data.type !== 'connected') current.turns.at(-1)!.push(r.data as Frame);
  }
  return out.filter((s) => REPRODUCED.test(s.scenario));
}

/** TALK, HEAR (the failure), IF, a syntax error, suggestions (c, c2, c3: forms both builds refuse — `ADD SUGGESTION
 * "v" AS "t"`, the compiled `ADD_SUGGESTION_TEXT` — so the whole dialog is dropped; c4, c5: the forms that work, and
 * where each build puts them). */
const REPRODUCED = /^(a|a2|b1|b2|b3|c|c2|c3|c4|c5|d|e):/;

/** The turns compared: what came before the second message (at connect and for the first message: when PRE's
 * connect-time TALK lands relative to a message sent at once is a race), then each later turn. */
const compared = (turns: Frame[][]) => [[...turns[0]!, ...(turns[1] ?? [])], ...turns.slice(2)];

for (const { name: build, title, skip } of recordedBuilds('dialog-session.jsonl')) {
  test(
    `profile ${build}: dialog sessions frame by frame as recorded from the ${title} build (TALK, HEAR, IF, a syntax error, suggestions)`,
    { timeout: 240_000, skip },
    async () => {
      const sessions = recordedSessions(build);
      assert.ok(sessions.length >= 5, `recorded sessions: ${sessions.map((s) => s.scenario).join('; ')}`);
      const stack = await TemporaryStack.start({
        config: loadConfig({ STACK_PROVIDER: 'local', REFERENCE_PROFILE: build }),
        log: () => undefined,
      });
      try {
        const env = stack.env();
        const base = env.BOTSERVER_URL!;
        const target = {
          s3: { url: env.MINIO_URL!, accessKey: env.MINIO_ACCESS_KEY!, secretKey: env.MINIO_SECRET_KEY! },
          databaseUrl: env.DATABASE_URL!,
          workPath: workPathOf(join(stack.dir, 'botserver')),
          logFile: stack.layout.log('platform'),
        };
        for (const rec of sessions) {
          const pkg = {
            name: 'default',
            dir: `(recorded scenario ${rec.scenario})`,
            files: [{ key: 'default.gbdialog/start.bas', body: Buffer.from(rec.body) }],
          };
          await waitTakenUp(target, await uploadBot(target, pkg), { deadlineMs: 10_000 });
          const auth = await (await fetch(`${base}/api/auth?bot_name=default`)).json();
          const client = await ChatClient.connect(base, {
            session_id: auth.session_id,
            user_id: auth.user_id,
            bot_name: 'default',
          });
          const turns: Frame[][] = [];
          const completes = (t: Frame[]) => t.filter((f) => f.is_complete).length;
          let from = 1;
          if (rec.turns[0]!.length)
            await client.until(() => client.frames.length - 1 >= rec.turns[0]!.length, 1, 10_000);
          turns.push(client.frames.slice(1));
          from = client.frames.length;
          for (const [i, text] of rec.sent.entries()) {
            client.sendRaw(
              JSON.stringify({
                ...auth,
                channel: 'web',
                content: text,
                message_type: 1,
                active_switchers: [],
                timestamp: new Date().toISOString(),
              }),
            );
            const want =
              completes(rec.turns[i + 1]!) +
              (i === 0 ? completes(rec.turns[0]!) : 0) -
              (i === 0 ? completes(turns[0]!) : 0);
            await client.until(() => completes(client.frames.slice(from)) >= want, from, 20_000);
            turns.push(client.frames.slice(from));
            from = client.frames.length;
          }
          client.close();
          const [got, wanted] = [compared(turns), compared(rec.turns)];
          for (const [i, turn] of wanted.entries()) {
            assert.deepEqual(
              kinds(got[i]!),
              kinds(turn),
              `${rec.scenario}, turn ${i + 1}: the sequence of frame kinds`,
            );
            assert.deepEqual(
              keysOf(got[i]!),
              keysOf(turn),
              `${rec.scenario}, turn ${i + 1}: the keys of each kind of frame`,
            );
          }
        }
      } finally {
        await stack.shutdown();
      }
    },
  );
}
