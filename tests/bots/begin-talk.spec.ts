import { test } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages, expectFormattedMessage } from '../../fixtures/checks/dialog-checks.ts';

/** BEGIN TALK … END TALK (docs/contract.md "Tools, context and prompt blocks"): bots/notice.gbai. */
test.describe('bot dialogs: BEGIN TALK (docs/contract.md "Tools, context and prompt blocks")', () => {
  test('a BEGIN TALK block is one bot message, its Markdown rendered, followed by the LLM\'s answer', async ({ deployBot, chatPage, llm, uniq }) => {
    const bot = await deployBot('bots/notice.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = `anything new ${uniq}`;
    await chatPage.sendMessage(text);
    await expectFormattedMessage(chatPage, ['E2E notice board', 'Posted today:', 'two e2e notices'], { strong: 'E2E notice board', emphasis: 'two' }, llm, uniq, bot);
    await expectBotMessages(chatPage, [/^E2E notice board/, defaultReply(text)], llm, uniq, bot);
  });
});
