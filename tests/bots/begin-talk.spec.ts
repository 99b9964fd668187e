import { test, expect } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages, expectFormattedMessage } from '../../fixtures/checks/dialog-checks.ts';

/** bots/notice.gbai's BEGIN TALK block, as the page shows it when its Markdown is not rendered. */
const AS_TEXT = '**E2E notice board** Posted today: *two* e2e notices';

/** BEGIN TALK … END TALK (docs/contract.md "Tools, context and prompt blocks"): bots/notice.gbai. */
test.describe('bot dialogs: BEGIN TALK (docs/contract.md "Tools, context and prompt blocks")', () => {
  test("a BEGIN TALK block is one bot message, its Markdown rendered, followed by the LLM's answer", async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
  }) => {
    const bot = await deployBot('bots/notice.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = `anything new ${uniq}`;
    await chatPage.sendMessage(text);
    await knownBug(stack, 'talkMarkdownNotRendered', {
      intended: async (part) => {
        await part("one message, then the LLM's answer", () =>
          expectBotMessages(chatPage, [/^E2E notice board/, defaultReply(text)], llm, uniq, bot),
        );
        await part('its lines, bold and emphasis rendered', () =>
          expectFormattedMessage(
            chatPage,
            ['E2E notice board', 'Posted today:', 'two e2e notices'],
            { strong: 'E2E notice board', emphasis: 'two' },
            llm,
            uniq,
            bot,
          ),
        );
      },
      symptom: async () => {
        await expectBotMessages(chatPage, [AS_TEXT, defaultReply(text)], llm, uniq, bot);
        await expect(chatPage.strongIn(chatPage.botMessages.first()), 'nothing shown bold').toHaveCount(0);
        return `one message, shown as text: ${JSON.stringify(AS_TEXT)}`;
      },
    });
  });
});
