import { test, expect } from '../fixtures/test.ts';
import { expectConnected, expectLlmCalled, expectReply } from '../fixtures/checks/chat-checks.ts';
import { buildRecord } from '../builds/records.ts';

/**
 * Text as real LLM servers and proxies deliver it (issue 30): the stand-in's split-bytes scenario sends its stream as
 * raw UTF-8 cut every few bytes, inside multi-byte characters and inside `data:` lines, each cut on its own. Emoji
 * (with ZWJ sequences and a flag), CJK, combining marks and right-to-left text must come out exactly as sent: in the
 * bubble, in the streamed frames (and the final frame where the build repeats the answer there), and in
 * message_history (contract §5.4, §5.8).
 */
const TEXT = 'Party 🎉 time, family 👨‍👩‍👧 and 🇧🇷; 你好世界, 日本語のテキスト; café (e\u0301) and Việt; مرحبا بالعالم; שלום עולם.';

test.describe('the chat, with text split inside a character (contract §5.4, §5.8)', () => {
  test('a reply whose bytes arrive cut inside characters and data: lines is shown, streamed and stored exactly as sent', async ({ desktopPage, chatPage, llm, db, uniq, stack }) => {
    const reply = `${TEXT} (${uniq})`;
    await llm.setScenario(uniq, { type: 'split-bytes', text: reply, every: 5 });
    try {
      await desktopPage.goto();
      await expectConnected(chatPage);
      await chatPage.sendMessage(`say it in many scripts ${uniq}`);
      await expectLlmCalled(llm, uniq, 'the platform called the LLM for the split reply');
      await expectReply(chatPage, reply, llm, uniq);
      const streamed = chatPage.botFrames.filter((f) => !f.is_complete).map((f) => f.content ?? '').join('');
      const final = chatPage.botFrames.find((f) => f.is_complete)?.content ?? '';
      if (buildRecord(stack.build.name).traits.finalRepeatsAnswer) expect(final, 'the final frame repeats the answer exactly').toBe(reply);
      expect(streamed || final, 'the streamed pieces make up the answer exactly (no U+FFFD, nothing lost)').toBe(reply);
      const { session_id } = await chatPage.sessionIds();
      await expect.poll(async () => (await db.messages(session_id)).find((m) => m.role === 2)?.content, { message: 'message_history holds the answer exactly' }).toBe(reply);
    } finally {
      await llm.clearScenario(uniq);
    }
  });
});
