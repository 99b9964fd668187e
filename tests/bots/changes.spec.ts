import { test, expect } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages, expectBotSaid } from '../../fixtures/checks/dialog-checks.ts';

/** A bot changed in the drive is taken up without a restart (contract §7, §11.5, §11.8): bots/greet.gbai. */
test.describe('bot packages: changes in the drive (contract §7, §11.8)', () => {
  test('a dialog changed in the drive is recompiled, and the next session runs the new version', async ({ deployBot, chatPage, llm, uniq }) => {
    const bot = await deployBot('bots/greet.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const first = `version one ${uniq}`;
    await chatPage.sendMessage(first);
    await expectBotMessages(chatPage, ['Welcome to the e2e greet bot', defaultReply(first)], llm, uniq);

    const greeting = `Welcome to version two ${uniq}`;
    const updated = await bot.update({ 'gbdialog/start.bas': `TALK "${greeting}"\n` });
    expect(updated.dialogs[`${bot.name}.gbdialog/start.bas`]?.status, 'the changed dialog was compiled again').toBe('compiled');
    await chatPage.newSession(bot.name);
    await expectConnected(chatPage);
    const second = `version two ${uniq}`;
    await chatPage.sendMessage(second);
    await expectBotMessages(chatPage, [greeting, defaultReply(second)], llm, second);
  });

  test('a config.csv change (llm-model) is in effect for the next LLM request, without a restart', async ({ deployBot, chatPage, llm, uniq }) => {
    const bot = await deployBot('bots/greet.gbai');
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const before = `which model before ${uniq}`;
    await chatPage.sendMessage(before);
    await expectBotSaid(chatPage, defaultReply(before), llm, before);
    const [first] = await llm.requests({ contains: before });
    expect(first?.body.model, 'the model of the package\'s config.csv').toBe('greet-model');

    const model = `model-two-${uniq}`;
    await bot.update({ 'gbot/config.csv': `name,value\nllm-model,${model}\n` });
    const after = `which model after ${uniq}`;
    await chatPage.sendMessage(after);
    await expectBotSaid(chatPage, defaultReply(after), llm, after);
    const [second] = await llm.requests({ contains: after });
    expect(second?.body.model, 'the next LLM request uses the changed llm-model').toBe(model);
  });
});
