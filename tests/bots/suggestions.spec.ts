import { test, expect } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { chatAnswersOnDefaultBot } from '../../fixtures/checks/preconditions.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages, expectNotSentToLlm, expectSuggestions } from '../../fixtures/checks/dialog-checks.ts';

/** ADD SUGGESTION / CLEAR SUGGESTIONS (General Bots' docs): bots/colours.gbai. */
test.describe('bot dialogs: suggestions (contract §5.4, §11.8)', () => {
  test("the buttons a dialog adds are shown, and clicking one sends it as the visitor's message", async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    const bot = await deployBot('bots/colours.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const first = `hi ${uniq}`;
    await chatPage.sendMessage(first);
    const offered = await knownBug(stack, 'hearFails', {
      // The symptom is the LLM's answer: where neither holds, a chat that does not answer is said as such.
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      intended: async () => {
        await expectSuggestions(chatPage, ['Red', 'Green', 'Blue']);
        // The exact sequence of a new session, once the buttons that follow it are shown: the question alone (the
        // dialog waits in HEAR; the LLM is not asked).
        await expectBotMessages(chatPage, ['Which colour do you like?'], llm, uniq);
        return true;
      },
      symptom: async () => {
        // None of the dialog is shown: the LLM's answer is the only bot message, and no button.
        await expectBotMessages(chatPage, [defaultReply(first)], llm, uniq);
        await expect(chatPage.suggestions, 'no suggestion button').toHaveCount(0);
        return 'none of the dialog shown, no suggestion button; the LLM answered the first message';
      },
    });
    if (!offered) return;
    await chatPage.clickSuggestion('Green');
    await expect(chatPage.userBubbles.last(), "the clicked suggestion is the visitor's message").toHaveText('Green');
    await expectBotMessages(chatPage, ['Which colour do you like?', 'You picked Green'], llm, uniq);
    await expectNotSentToLlm(llm, 'Green', "the clicked suggestion answers the dialog's HEAR");
  });
});
