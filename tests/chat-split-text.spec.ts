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

/**
 * Checks that `pieces` (a turn's streamed frames) are whole pieces of `whole`, each after the one before it: what a
 * stream that drops some of its lines leaves (no U+FFFD, nothing reordered or added). Throws an assertion error showing
 * the pieces otherwise.
 */
function expectPiecesInOrder(whole: string, pieces: string[]): void {
  let at = 0;
  for (const piece of pieces) {
    const found = whole.indexOf(piece, at);
    expect(
      found,
      `each streamed frame is a whole piece of the answer, after the one before it: ${JSON.stringify(piece)} is not, in ${JSON.stringify(pieces)}`,
    ).not.toBe(-1);
    at = found + piece.length;
  }
}

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
          // reaches the page. When the platform reads two chunks at once (a loaded machine), the line they make up
          // survives: some whole pieces reach the page and the stored answer, in their order — never all of them.
          const streamed = chatPage.botFrames
            .filter((f) => !f.is_complete)
            .map((f) => f.content ?? '')
            .filter(Boolean);
          expectPiecesInOrder(reply, streamed);
          const reached = streamed.join('') || (chatPage.botFrames.find((f) => f.is_complete)?.content ?? '');
          expect(
            reached.length,
            `pieces of the answer never reached the page: it got ${JSON.stringify(reached)}`,
          ).toBeLessThan(reply.length);
          await expect(chatPage.botReplies, 'no reply shown, or one of the pieces that survived').toHaveCount(
            reached ? 1 : 0,
          );
          // Empty when the stream's [DONE] line was one of those lost (the turn then ends as a failed one).
          expect(['', reached], 'the stored answer is empty or the pieces that reached the page').toContain(
            stored ?? '',
          );
          return reached
            ? `pieces lost (each data: line cut across network chunks, some read together): ${reached.length} of the answer's ${reply.length} characters reached the page`
            : 'every piece lost (each data: line was cut across network chunks): no reply shown, an empty answer stored';
        },
      });
    } finally {
      await llm.clearScenario(uniq);
    }
  });
});
