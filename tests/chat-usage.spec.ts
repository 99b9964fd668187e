import { test, expect } from '../fixtures/test.ts';
import { defaultReply } from '../standins/llm/scenarios.ts';
import { expectConnected, expectLongReplyShown, expectOneConnection, expectReply, expectUserBubble } from '../fixtures/checks/chat-checks.ts';

/**
 * The chat as people use it (contract §5): several turns on one connection, long replies with everything a model
 * writes (Markdown, code, lists, emoji, right-to-left text, combining marks), and a message sent before the chat
 * is connected. Each is proven to fail on a mutation of the reference platform (project-tests/one-cause.test.ts).
 */

/** Text a model writes and a page can mangle: emoji (with a skin tone and a family joined by ZWJ), Arabic and
 * Hebrew (right to left), and letters with combining marks. */
const AS_WRITTEN = ['👋🏽 🎉 👨‍👩‍👧', 'مرحبا بالعالم', 'שלום עולם', 'Cafe\u0301 n\u0303 a\u0308 Z\u0324\u0342'];

/** A reply of several KB in Markdown: headings, paragraphs, code blocks, lists, with numbered markers spread over
 * it (the last one at its very end) so that a cut or a lost piece shows which part is missing. */
function longReply(): { text: string; markers: string[] } {
  const markers: string[] = [];
  const m = (k: number) => { const t = `[m${String(k).padStart(2, '0')}]`; markers.push(t); return t; };
  const lines = [`# A long answer ${m(0)}`, ''];
  for (let k = 1; k <= 30; k++) {
    const written = AS_WRITTEN[k % AS_WRITTEN.length];
    if (k % 3 === 0) lines.push(`- item ${k} with \`inline code\` and ${written} ${m(k)}`, `- another item ${k}`, '');
    else if (k % 3 === 1) lines.push('```js', `const answer${k} = ${k}; // ${m(k)}`, `console.log(answer${k});`, '```', '');
    else lines.push(`Paragraph ${k}: ${'lorem ipsum dolor sit amet, consectetur adipiscing elit '.repeat(5)}${written} ${m(k)}`, '');
  }
  lines.push(`The end ${m(31)}`);
  return { text: lines.join('\n'), markers };
}

test.describe('the chat as people use it (contract §5)', () => {
  test('a chat session from GET /api/auth names its user, its session and its bot (§5.1)', async ({ api, db }) => {
    const r = await api.chatAuth();
    const body = await r.text();
    expect(r.status(), `GET /api/auth?bot_name=default answered: ${body.slice(0, 300)}`).toBe(200);
    const session = JSON.parse(body);
    expect(session.user_id, `user_id in ${body}`).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.session_id, `session_id in ${body}`).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.bot_id, `GET /api/auth's bot_id is the default bot's id in the bots table (answer: ${body})`).toBe(await db.botId('default'));
  });

  test('three turns on one connection: the chat stays connected, no reconnect between turns', async ({ desktopPage, chatPage, llm, uniq }) => {
    await desktopPage.goto();
    await expectConnected(chatPage);
    for (let k = 1; k <= 3; k++) {
      const text = `turn ${k} of three ${uniq}`;
      await chatPage.sendMessage(text);
      await expectReply(chatPage, defaultReply(text), llm, text);
      await expectOneConnection(chatPage, k);
    }
  });

  test('a long reply (several KB of Markdown, code, lists, emoji, right-to-left text, combining marks) is shown whole and stored whole', async ({ desktopPage, chatPage, llm, db, uniq }) => {
    const { text: reply, markers } = longReply();
    expect(reply.length, 'the reply is several KB').toBeGreaterThan(4000);
    await llm.setScenario(uniq, { type: 'reply', text: reply });
    try {
      await desktopPage.goto();
      await expectConnected(chatPage);
      await chatPage.sendMessage(`a long answer please ${uniq}`);
      await expectLongReplyShown(chatPage, markers, AS_WRITTEN, llm, uniq);
      const { session_id } = await chatPage.sessionIds();
      await expect.poll(async () => (await db.messages(session_id)).filter((m) => m.role === 2).map((m) => m.content), {
        message: `the reply is stored whole in message_history (${reply.length} characters, every character as written)`,
      }).toEqual([reply]);
    } finally {
      await llm.clearScenario(uniq);
    }
  });

  test('a message sent before the chat is connected is sent once it is, or cannot be sent: never dropped without a word', async ({ page, desktopPage, chatPage, llm, uniq }) => {
    // Hold the chat's session request (GET /api/auth?bot_name=…): the chat cannot connect while the test holds it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let asked = false;
    await page.route(/\/api\/auth\?/, async (route) => {
      asked = true;
      await held;
      await route.continue();
    });
    try {
      await desktopPage.goto();
      await expect.poll(() => asked, { message: 'the chat asked for its session (GET /api/auth)' }).toBe(true);
      const text = `sent in a hurry ${uniq}`;
      const attempt = await chatPage.trySend(text);
      release();
      if (!attempt.sent) {
        test.info().annotations.push({ type: 'note', description: `before the chat was connected, the page did not let the message be sent: ${attempt.why}` });
        await expectConnected(chatPage);
        return;
      }
      await expectUserBubble(chatPage, text, 'a message sent before the chat was connected', llm);
      await expectConnected(chatPage);
      await expectReply(chatPage, defaultReply(text), llm, text);
    } finally {
      release();
      await page.unroute(/\/api\/auth\?/);
    }
  });
});
