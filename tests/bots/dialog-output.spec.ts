import { test, expect } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { ScriptCanary } from '../../fixtures/script-canary.ts';
import { ReplyMarkup } from '../../fixtures/pages/reply-markup.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages } from '../../fixtures/checks/dialog-checks.ts';
import { expectNothingRan } from '../../fixtures/checks/output-checks.ts';
import { chatAnswersOnDefaultBot } from '../../fixtures/checks/preconditions.ts';

/**
 * A dialog's own output run through the same canary as the LLM's (issue 30; OWASP: stored and reflected XSS of a
 * bot): a TALK that holds markup (bots/markup.gbai), and a TALK that echoes what the visitor answered to HEAR
 * (bots/echo.gbai). Nothing may run; the words around the markup are shown (as text or safe Markdown).
 */
const ECHOED = `<img src=x alt=hear onerror=__e2eCanary.push(this.alt)>`;

test.describe('bot dialogs: their output runs nothing (contract §11.8; OWASP XSS)', () => {
  test('a TALK holding markup runs nothing and its words are shown', async ({
    page,
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    const canary = await ScriptCanary.arm(page);
    const bot = await deployBot('bots/markup.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const first = `hello markup bot ${uniq}`;
    await chatPage.sendMessage(first);
    const said = await knownBug(stack, 'talkMarkupRefused', {
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      // The greeting (its words, however its markup is drawn), then the LLM's answer to the message.
      intended: async () => {
        await expectBotMessages(chatPage, [/^Notice .*ends here\.$/, defaultReply(first)], llm, uniq, bot);
        return true;
      },
      symptom: async () => {
        await expectBotMessages(chatPage, [defaultReply(first)], llm, uniq, bot);
        expect((await canary.read()).fired, 'nothing ran').toEqual([]);
        return 'the dialog was dropped whole (none of it shown, nothing ran); the LLM answered the first message';
      },
    });
    if (!said) return;
    await expectNothingRan(
      canary,
      new ReplyMarkup(page),
      chatPage.botMessages.first(),
      'a TALK carrying <img onerror>',
      ['Notice', 'ends here.'],
    );
  });

  test("a TALK echoing the visitor's HEAR answer runs nothing of it and shows it as typed", async ({
    page,
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    const canary = await ScriptCanary.arm(page);
    const bot = await deployBot('bots/echo.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const first = `hello echo bot ${uniq}`;
    await chatPage.sendMessage(first);
    const asked = await knownBug(stack, 'hearFails', {
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      intended: async () => {
        await expectBotMessages(chatPage, ['What is your name?'], llm, uniq, bot);
        return true;
      },
      symptom: async () => {
        await expectBotMessages(chatPage, [defaultReply(first)], llm, uniq, bot);
        return 'none of the dialog shown; the LLM answered the first message';
      },
    });
    if (!asked) return;
    await chatPage.sendMessage(ECHOED);
    await expectBotMessages(chatPage, ['What is your name?', `Hello ${ECHOED}`], llm, uniq, bot);
    await expectNothingRan(
      canary,
      new ReplyMarkup(page),
      chatPage.botMessages.last(),
      'a TALK echoing <img onerror> from HEAR',
      ['Hello'],
    );
  });
});
