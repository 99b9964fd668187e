import { test, expect } from '../fixtures/test.ts';
import { expectConnected, expectLlmCalled, expectReply, expectTurnEnded } from '../fixtures/checks/chat-checks.ts';
import { knownBug } from '../fixtures/caveats.ts';
import { buildRecord } from '../builds/records.ts';

/**
 * Text as real LLM servers and proxies deliver it (issue 30): the stand-in's split-bytes scenario sends its stream as
 * raw UTF-8 cut inside every multi-byte character and inside every `data:` line, each cut on its own. Emoji
 * (with ZWJ sequences and a flag), CJK, combining marks and right-to-left text must come out exactly as sent: in the
 * bubble, in the streamed frames (and the final frame where the build repeats the answer there), and in
 * message_history (contract §5.4, §5.8).
 */
const TEXT =
  'Party 🎉 time, family 👨‍👩‍👧 and 🇧🇷; 你好世界, 日本語のテキスト; café (e\u0301) and Việt; مرحبا بالعالم; שלום עולם.';

test.describe('the chat, with text split inside a character (contract §5.4, §5.8)', () => {
  test('a reply whose bytes arrive cut inside characters and data: lines is shown, streamed and stored exactly as sent', async ({
    desktopPage,
    chatPage,
    llm,
    db,
    uniq,
    stack,
  }) => {
    const reply = `${TEXT} (${uniq})`;
    await llm.setScenario(uniq, { type: 'split-bytes', text: reply });
    try {
      await desktopPage.goto();
      await expectConnected(chatPage);
      await chatPage.sendMessage(`say it in many scripts ${uniq}`);
      await expectLlmCalled(llm, uniq, 'the platform called the LLM for the split reply', chatPage);
      await expectTurnEnded(chatPage, 'the split reply', llm, uniq);
      const { session_id } = await chatPage.sessionIds();
      let stored: string | undefined;
      await expect
        .poll(async () => (stored = (await db.messages(session_id)).find((m) => m.role === 2)?.content), {
          message: "the turn's answer row is in message_history",
        })
        .toBeDefined();
      await knownBug(stack, 'streamLosesPieces', {
        intended: async (part) => {
          await part('the bubble shows the answer exactly', () => expectReply(chatPage, reply, llm, uniq));
          const streamed = chatPage.botFrames
            .filter((f) => !f.is_complete)
            .map((f) => f.content ?? '')
            .join('');
          const final = chatPage.botFrames.find((f) => f.is_complete)?.content ?? '';
          if (buildRecord(stack.build.name).traits.finalRepeatsAnswer)
            await part('the final frame repeats it exactly', async () =>
              expect(final, 'the final frame repeats the answer exactly').toBe(reply),
            );
          await part('the streamed pieces make it up exactly', async () =>
            expect(streamed || final, 'the streamed pieces make up the answer exactly (no U+FFFD, nothing lost)').toBe(
              reply,
            ),
          );
          await part('message_history holds it exactly', async () =>
            expect(stored, 'message_history holds the answer exactly').toBe(reply),
          );
        },
        symptom: async () => {
          // Every data: line of this stream is cut across network chunks, and a cut line is dropped: no piece
          // reaches the page. On a loaded machine the platform may read two chunks at once, and the line they
          // make up survives: a few whole pieces may then reach the page and the stored answer — never all of it.
          const pieces = chatPage.botFrames.map((f) => f.content ?? '').filter(Boolean);
          const reached = pieces.join('');
          expect(reached.length, 'most of the answer was lost on the way to the page').toBeLessThan(reply.length / 2);
          for (const piece of pieces)
            expect(reply, 'what reached the page is whole pieces of the answer').toContain(piece);
          await expect(chatPage.botReplies, 'no reply shown, or one of the pieces that survived').toHaveCount(
            reached ? 1 : 0,
          );
          expect(reply, 'the stored answer is empty or pieces of the answer').toContain(stored ?? '');
          expect((stored ?? '').length, 'most of the answer is missing from the stored one').toBeLessThan(
            reply.length / 2,
          );
          return reached
            ? `pieces lost (each data: line cut across network chunks): ${reached.length} of the answer's ${reply.length} characters reached the page`
            : 'every piece lost (each data: line was cut across network chunks): no reply shown, an empty answer stored';
        },
      });
    } finally {
      await llm.clearScenario(uniq);
    }
  });
});
