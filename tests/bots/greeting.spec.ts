import { test } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages } from '../../fixtures/checks/dialog-checks.ts';

/** A bot's start dialog greets a new session (contract §5.4 step 2, §11.8); bots/greet.gbai. */
test.describe('bot dialogs: the greeting (contract §5.4, §11.8)', () => {
  test("the start dialog's TALK is the first bot message of a new session, and the LLM's answer to that message follows as its own", async ({
    deployBot,
    chatPage,
    llm,
    uniq,
  }) => {
    const bot = await deployBot('bots/greet.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = `hello greet bot ${uniq}`;
    await chatPage.sendMessage(text);
    await expectBotMessages(chatPage, ['Welcome to the e2e greet bot', defaultReply(text)], llm, uniq);
  });
});
