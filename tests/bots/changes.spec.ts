import { test, expect } from '../../fixtures/bot-test.ts';
import { defaultReply, toolReply } from '../../standins/llm/scenarios.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { chatAnswersOnDefaultBot } from '../../fixtures/checks/preconditions.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages, expectBotSaid } from '../../fixtures/checks/dialog-checks.ts';
import { expectNoToolsOffered, expectToolOffered } from '../../fixtures/checks/llm-request-checks.ts';

/** A bot changed in the drive is taken up without a restart (contract §7, §11.5, §11.8): bots/greet.gbai. */
test.describe('bot packages: changes in the drive (contract §7, §11.8)', () => {
  test('a dialog changed in the drive is recompiled, and the next session runs the new version', async ({
    deployBot,
    chatPage,
    llm,
    uniq,
  }) => {
    const bot = await deployBot('bots/greet.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const first = `version one ${uniq}`;
    await chatPage.sendMessage(first);
    await expectBotMessages(chatPage, ['Welcome to the e2e greet bot', defaultReply(first)], llm, uniq);

    const greeting = `Welcome to version two ${uniq}`;
    const updated = await bot.update({ 'gbdialog/start.bas': `TALK "${greeting}"\n` });
    expect(updated.dialogs[`${bot.name}.gbdialog/start.bas`]?.status, 'the changed dialog was compiled again').toBe(
      'compiled',
    );
    await chatPage.newSession(bot.name);
    await expectConnected(chatPage);
    const second = `version two ${uniq}`;
    await chatPage.sendMessage(second);
    await expectBotMessages(chatPage, [greeting, defaultReply(second)], llm, second);
  });

  test("a tool dialog changed in the drive is recompiled: the next session offers the LLM its new declaration and the LLM's call runs the new version", async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
    api,
    db,
  }) => {
    // bots/concierge.gbai: ADD TOOL "book-room"; the LLM calls book-room (when offered) for this test's messages.
    const bot = await deployBot('bots/concierge.gbai');
    await llm.setScenario(uniq, { type: 'tool-call', name: 'book-room', arguments: { size: 'large', guests: 3 } });
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const first = `a room, version one ${uniq}`;
    await chatPage.sendMessage(first);
    const greeting = 'The e2e concierge books meeting rooms.';
    const saidBefore = 'Reserved an e2e room: large, seats 3';

    const description = `Books an e2e room, version two ${uniq}`;
    const said = `Version two booked ${uniq}: large for 3`;
    const source = [
      'PARAM size AS STRING LIKE "small" DESCRIPTION "The e2e room size, version two"',
      'PARAM guests AS INTEGER LIKE "4" DESCRIPTION "Guests, version two"',
      `DESCRIPTION "${description}"`,
      `TALK "Version two booked ${uniq}: " + size + " for " + guests`,
    ].join('\n');
    const second = `a room, version two ${uniq}`;
    await knownBug(stack, 'addToolRefused', {
      precondition: () => chatAnswersOnDefaultBot(api, stack.apiUrl, llm, uniq, db),
      intended: async (part) => {
        await part('the first version runs', () =>
          expectBotMessages(chatPage, [greeting, saidBefore, toolReply('book-room', saidBefore)], llm, uniq, bot),
        );
        const updated = await bot.update({ 'gbdialog/book-room.bas': `${source}\n` });
        expect(
          updated.dialogs[`${bot.name}.gbdialog/book-room.bas`]?.status,
          'the changed tool dialog was compiled again',
        ).toBe('compiled');
        await chatPage.newSession(bot.name);
        await expectConnected(chatPage);
        await chatPage.sendMessage(second);
        await part('the next session offers the new declaration', () =>
          expectToolOffered(llm, second, {
            name: 'book-room',
            description,
            parameters: {
              size: { type: 'string', description: 'The e2e room size, version two' },
              guests: { type: 'integer', description: 'Guests, version two' },
            },
            required: ['size', 'guests'],
          }),
        );
        await part("the LLM's call runs the new version", () =>
          expectBotMessages(chatPage, [greeting, said, toolReply('book-room', said)], llm, second, bot),
        );
      },
      symptom: async () => {
        await expectNoToolsOffered(llm, uniq);
        await expectBotMessages(chatPage, [defaultReply(first)], llm, uniq, bot);
        return 'no greeting and no tools offered: the start dialog was dropped, so no version of the tool is offered';
      },
    });
  });

  test('a config.csv change (llm-model) is in effect for the next LLM request, without a restart', async ({
    deployBot,
    chatPage,
    llm,
    uniq,
  }) => {
    const bot = await deployBot('bots/greet.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const before = `which model before ${uniq}`;
    await chatPage.sendMessage(before);
    await expectBotSaid(chatPage, defaultReply(before), llm, before);
    const [first] = await llm.requests({ contains: before });
    expect(first?.body.model, "the model of the package's config.csv").toBe('greet-model');

    const model = `model-two-${uniq}`;
    await bot.update({ 'gbot/config.csv': `name,value\nllm-model,${model}\n` });
    const after = `which model after ${uniq}`;
    await chatPage.sendMessage(after);
    await expectBotSaid(chatPage, defaultReply(after), llm, after);
    const [second] = await llm.requests({ contains: after });
    expect(second?.body.model, 'the next LLM request uses the changed llm-model').toBe(model);
  });
});
