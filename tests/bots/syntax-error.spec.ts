import { test, expect } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { chatAnswersOnDefaultBot } from '../../fixtures/checks/preconditions.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotSaid, expectLogLine, expectNotSentToLlm } from '../../fixtures/checks/dialog-checks.ts';

/** A dialog with a syntax error (bots/broken.gbai: a string not closed on line 2). */
test.describe('bot dialogs: a syntax error (contract §11.8)', () => {
  test('the author finds a clear error in the log, and the visitor is told instead of talking to something else', async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    const bot = await deployBot('bots/broken.gbai');
    const key = `${bot.name}.gbdialog/start.bas`;
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = `hello broken bot ${uniq}`;
    await chatPage.sendMessage(text);
    await knownBug(stack, 'dialogErrorSilent', {
      // The symptom is the LLM's answer: where neither holds, a chat that does not answer is said as such.
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      intended: async () => {
        // The author: a log line naming the file and the line, already when the dialog was compiled.
        expect(bot.dialogs[key], 'the deploy saw the compile error').toMatchObject({ status: 'error' });
        await expectLogLine(
          stack,
          new RegExp(`${bot.name}\\.gbai/${bot.name}\\.gbdialog/start\\.bas.*line 2`),
          'the author finds the error with its file and line',
        );
        // The visitor: told that the bot cannot answer, not handed to the LLM.
        await expect(chatPage.errorReply, "the visitor is told the bot's dialog could not run").toHaveCount(1);
        await expectNotSentToLlm(llm, text, 'the visitor of a broken dialog');
      },
      symptom: async () => {
        await expectBotSaid(chatPage, defaultReply(text), llm, uniq);
        await expect(chatPage.errorReply, 'nothing tells the visitor').toHaveCount(0);
        // Logged without the bot's name or the file's path, when a session starts (PRE: "start.bas error: Syntax
        // error: Open string is not terminated (line 2, …)"); not the HEAR failure other bots log the same way.
        const line = await expectLogLine(
          stack,
          /start\.bas (execution )?error: Syntax error: (?!Expecting 'AS')/,
          'the error is at least in the log',
        );
        return `the LLM answered as if the bot had no dialog; the log only: ${line.slice(0, 160)}`;
      },
    });
  });
});
