import { test, expect } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { chatAnswersOnDefaultBot } from '../../fixtures/checks/preconditions.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages, expectSuggestions } from '../../fixtures/checks/dialog-checks.ts';
import { expectLlmAskedTurn } from '../../fixtures/checks/llm-request-checks.ts';

/** ADD SUGGESTION "value" AS "label" and CLEAR SUGGESTIONS (docs/contract.md "Tools, context and prompt blocks"). */
test.describe('bot dialogs: labelled suggestions (docs/contract.md "Tools, context and prompt blocks")', () => {
  test('ADD SUGGESTION "value" AS "label" shows the label, and clicking it sends the value', async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    const bot = await deployBot('bots/menu.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const first = `what is there ${uniq}`;
    await chatPage.sendMessage(first);
    const offered = await knownBug(stack, 'suggestAsRefused', {
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      intended: async (part) => {
        await part("the greeting, then the LLM's answer", () =>
          expectBotMessages(chatPage, ['The e2e menu has two drinks.', defaultReply(first)], llm, uniq, bot),
        );
        await part('the labels on the buttons', () => expectSuggestions(chatPage, ['A cup of tea', 'A cup of coffee']));
        return true;
      },
      symptom: async () => {
        await expectBotMessages(chatPage, [defaultReply(first)], llm, uniq, bot);
        await expect(chatPage.suggestions, 'no suggestion button').toHaveCount(0);
        return 'none of the dialog shown, no button: the LLM answered the first message';
      },
    });
    if (!offered) return;
    await chatPage.clickSuggestion('A cup of tea');
    await expectLlmAskedTurn(llm, uniq, 'e2e-tea', 'A cup of tea');
  });

  test('CLEAR SUGGESTIONS removes the buttons added before it', async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    const bot = await deployBot('bots/reset.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const first = `reset them ${uniq}`;
    await chatPage.sendMessage(first);
    await knownBug(stack, 'clearSuggestionsRefused', {
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      intended: async (part) => {
        await part("the greeting, then the LLM's answer", () =>
          expectBotMessages(chatPage, ['The e2e choices were reset.', defaultReply(first)], llm, uniq, bot),
        );
        await part('only the button added after CLEAR SUGGESTIONS', () =>
          expectSuggestions(chatPage, ['Fresh e2e choice']),
        );
      },
      symptom: async () => {
        await expectBotMessages(chatPage, [defaultReply(first)], llm, uniq, bot);
        // PRE shows no button (nothing ran); HEAD the one added before CLEAR SUGGESTIONS failed. Never the fresh one.
        await expect(
          chatPage.suggestions.filter({ hasText: 'Fresh e2e choice' }),
          'no button added after CLEAR SUGGESTIONS',
        ).toHaveCount(0);
        const left = await chatPage.suggestions.allInnerTexts();
        expect(
          left.filter((t) => t !== 'Stale e2e choice'),
          'no button but the one added before CLEAR SUGGESTIONS',
        ).toEqual([]);
        return `no greeting; the LLM answered the first message; buttons: ${left.length ? JSON.stringify(left) : 'none'}`;
      },
    });
  });
});
