/**
 * An example of a bot author's spec: the `bot` fixture deploys the package named by `botPackage` as a new bot
 * of this test, the chat page object opens its chat, the named checks say what the bot did. Copy this file,
 * point `botPackage` at your `<name>.gbai` folder and write what your bot must do (README: "Testing your own bot").
 */
import { test } from '../../fixtures/bot-test.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages } from '../../fixtures/checks/dialog-checks.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';

test.use({ botPackage: 'bots/greet.gbai' });

test.describe("example: a bot author's spec (bots/greet.gbai)", () => {
  test('my bot greets a new visitor', async ({ bot, chatPage, llm, uniq }) => {
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = `hello ${uniq}`;
    await chatPage.sendMessage(text);
    // The exact sequence a new session gets: the greeting, then the LLM's answer to the message (once each). With
    // the LLM stand-in and the message's token, a failure also says whether the platform handled the message.
    await expectBotMessages(chatPage, ['Welcome to the e2e greet bot', defaultReply(text)], llm, uniq);
  });
});
