import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test, expect } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotSaid } from '../../fixtures/checks/dialog-checks.ts';
import { ConversationRecorder } from '../../fixtures/conversations/record.ts';
import { parseConversationFile } from '../../fixtures/conversations/parse.ts';
import { expectConversation } from '../../fixtures/conversations/expect-conversation.ts';

/** Recording a conversation (docs/conversations.md, issue 36): what a person did in the page, written as a
 * conversation file, replays green on a new deploy of the bot. */
test.describe('conversation files: recording', () => {
  test("a conversation recorded in the page (typed messages, the LLM's answers, what the bot said) replays green on a new deploy", async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
  }, testInfo) => {
    const id = `rec${uniq}`;
    const bot = await deployBot('bots/greet.gbai', { llmRoute: `/c/${id}` });
    await llm.record(id);
    const recorder = await ConversationRecorder.start(chatPage, llm, id);
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    for (const text of [`hello ${uniq}`, `and then ${uniq}`]) {
      await chatPage.sendMessage(text);
      await expectBotSaid(chatPage, defaultReply(text), llm, uniq);
    }
    const written = await recorder.conversation('a recorded greeting', resolve('bots/greet.gbai'));
    const file = testInfo.outputPath('recorded.yml');
    writeFileSync(file, written);
    await testInfo.attach('recorded conversation', { path: file, contentType: 'text/yaml' });
    const [conv] = parseConversationFile(file);
    expect(
      conv!.steps.map((s) => s.kind),
      `the recorded steps:\n${written}`,
    ).toEqual(['user', 'bot', 'bot', 'user', 'bot']);
    // The replay: the recorded file, as a bot author would run it, on a bot of its own.
    await expectConversation(conv!, { deployBot, chatPage, llm, stack, uniq: `${uniq}r` });
  });
});
