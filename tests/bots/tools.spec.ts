import { test } from '../../fixtures/bot-test.ts';
import { defaultReply, toolReply } from '../../standins/llm/scenarios.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { chatAnswersOnDefaultBot } from '../../fixtures/checks/preconditions.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages } from '../../fixtures/checks/dialog-checks.ts';
import {
  expectNoToolsOffered,
  expectToolOffered,
  type ExpectedTool,
} from '../../fixtures/checks/llm-request-checks.ts';

/** The tool bots/concierge.gbai's book-room.bas declares (its PARAM and DESCRIPTION lines). */
const BOOK_ROOM: ExpectedTool = {
  name: 'book-room',
  description: 'Reserves an e2e meeting room of a size for a number of people',
  parameters: {
    size: { type: 'string', description: 'Room size for the e2e booking: small, medium or large' },
    guests: { type: 'integer', description: 'Number of people the e2e room must seat' },
  },
  required: ['size', 'guests'],
};
const GREETING = 'The e2e concierge books meeting rooms.';

/** LLM tools as General Bots' dialogs declare them (docs/contract.md "Tools"): bots/concierge.gbai. */
test.describe('bot dialogs: tools (docs/contract.md "Tools")', () => {
  test("a dialog offered by ADD TOOL is in the LLM request's tools with its PARAMs and DESCRIPTION; the LLM's call runs it with the arguments and the visitor sees its TALK", async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    const bot = await deployBot('bots/concierge.gbai');
    // The LLM calls book-room (when offered) for this test's messages, and answers the tool's result with text.
    await llm.setScenario(uniq, { type: 'tool-call', name: 'book-room', arguments: { size: 'large', guests: 3 } });
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = `a room for three, please ${uniq}`;
    await chatPage.sendMessage(text);
    const said = 'Reserved an e2e room: large, seats 3';
    await knownBug(stack, 'addToolRefused', {
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      intended: async (part) => {
        await part('the tool is offered to the LLM as declared', () => expectToolOffered(llm, uniq, BOOK_ROOM));
        await part(
          "the greeting, the tool's TALK with the call's arguments, then the LLM's answer to the tool's result",
          () => expectBotMessages(chatPage, [GREETING, said, toolReply('book-room', said)], llm, uniq, bot),
        );
      },
      symptom: async () => {
        await expectNoToolsOffered(llm, uniq);
        await expectBotMessages(chatPage, [defaultReply(text)], llm, uniq, bot);
        return 'no greeting and no tools offered: the start dialog was dropped and the LLM answered the visitor itself';
      },
    });
  });
});
