import { test } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { chatAnswersOnDefaultBot } from '../../fixtures/checks/preconditions.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages } from '../../fixtures/checks/dialog-checks.ts';
import { expectPromptHolds, expectPromptLacks } from '../../fixtures/checks/llm-request-checks.ts';

/** bots/briefing.gbai: its prompt.md, its start dialog's BEGIN SYSTEM PROMPT block and SET CONTEXT text. */
const PROMPT_MD = 'E2E prompt file: the e2e briefing bot speaks plainly.';
const SYSTEM_BLOCK = 'E2E system block: answer as the e2e briefing bot.\nKeep answers to one line.';
const CONTEXT = 'E2E context line: the e2e office opens at nine.';

/** What a bot gives the LLM besides the conversation (docs/contract.md "Tools, context and prompt blocks"). */
test.describe('bot dialogs: the LLM\'s context (docs/contract.md "Tools, context and prompt blocks")', () => {
  test("prompt.md, BEGIN SYSTEM PROMPT and SET CONTEXT are in the LLM's system prompt, in that order, before the visitor's message", async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    const bot = await deployBot('bots/briefing.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = `what time does it open ${uniq}`;
    await chatPage.sendMessage(text);
    await knownBug(stack, 'setContextRefused', {
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      intended: async (part) => {
        await part("the greeting, then the LLM's answer", () =>
          expectBotMessages(chatPage, ['The e2e briefing bot is ready.', defaultReply(text)], llm, uniq, bot),
        );
        await part('prompt.md, the block and the context in the prompt, in order', () =>
          expectPromptHolds(llm, uniq, [PROMPT_MD, SYSTEM_BLOCK, CONTEXT]),
        );
      },
      symptom: async () => {
        await expectBotMessages(chatPage, [defaultReply(text)], llm, uniq, bot);
        await expectPromptLacks(llm, uniq, CONTEXT, 'the dialog was dropped');
        await expectPromptLacks(llm, uniq, SYSTEM_BLOCK, 'the dialog was dropped');
        await expectPromptHolds(llm, uniq, [PROMPT_MD]);
        return 'no greeting; neither the context nor the system block reached the LLM (prompt.md did)';
      },
    });
  });
});
