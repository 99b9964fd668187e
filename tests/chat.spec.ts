import { test, expect } from '../fixtures/test.ts';
import { defaultReply } from '../standins/llm/scenarios.ts';
import { knownProductBugs } from '../fixtures/caveats.ts';

test.describe('chat (contract §5)', () => {
  test.beforeEach(async ({ desktopPage }) => {
    await desktopPage.goto();
    await desktopPage.chat.expectConnected();
  });

  test('a message gets the reply the LLM stand-in streamed', async ({ chatPage, llm, uniq }) => {
    const text = `hello bot ${uniq}`;
    await chatPage.sendMessage(text);
    await chatPage.expectReply(defaultReply(text));
    const [request] = await llm.requests({ contains: uniq });
    expect(request, 'the platform called the LLM stand-in').toBeDefined();
    expect(request!.lastUserTurn).toBe(text);
    expect(request!.stream).toBe(true);
    await expect(chatPage.botReplies.last()).toHaveText(request!.reply);
  });

  test('the second turn carries the first to the LLM, and both turns are saved', async ({ chatPage, llm, db, uniq }) => {
    const first = `first turn ${uniq}`;
    const second = `second turn ${uniq}`;
    await chatPage.sendMessage(first);
    await chatPage.expectReply(defaultReply(first));
    await chatPage.sendMessage(second);
    await chatPage.expectReply(defaultReply(second));

    const requests = await llm.requests({ contains: second });
    expect(requests).toHaveLength(1);
    const prompt = JSON.stringify(requests[0]!.body.messages);
    expect(prompt).toContain(first);
    expect(prompt).toContain(defaultReply(first));

    const { session_id } = await chatPage.sessionIds();
    await expect.poll(async () => (await db.messages(session_id)).map((m) => [m.role, m.content])).toEqual([
      [1, first], [2, defaultReply(first)], [1, second], [2, defaultReply(second)],
    ]);
  });

  test('a slow stream renders progressively, and no indicator stays', async ({ chatPage, llm, uniq, stack }) => {
    const reply = `a slow answer in several pieces for ${uniq}`;
    await llm.setScenario(uniq, { type: 'stream', text: reply, chunks: 6, delayMs: 400 });
    await chatPage.sendMessage(`go slowly ${uniq}`);
    // Real builds send no thinking frame (contract §11.4), so only the reference platform is held to showing it.
    if (stack.kind === 'reference') await expect(chatPage.thinking).toBeVisible();
    // Some of the reply is on the page while the stream is still going (the bubble is still the streaming one).
    await expect(chatPage.streamingReply).toHaveText(/\S/);
    const partial = ((await chatPage.streamingReply.textContent()) ?? '').trim();
    expect(partial.length, 'the reply is shown before the stream ends').toBeLessThan(reply.length);
    expect(reply.startsWith(partial), `"${partial}" is the start of the reply`).toBe(true);
    await chatPage.expectReply(reply);
    await llm.clearScenario(uniq);
  });

  for (const [name, marker] of [['HTTP 500', '[llm:500]'], ['HTTP 429', '[llm:429]'], ['a malformed stream', '[llm:malformed]'], ['a stream cut midway', '[llm:truncate]']] as const) {
    test(`an LLM failure (${name}) shows an error, leaves no indicator, and the chat stays usable`, async ({ chatPage, uniq, stack }) => {
      knownProductBugs(stack, 'llmFailureSilent');
      await chatPage.sendMessage(`this fails ${marker} ${uniq}`);
      await expect(chatPage.errorReply).toBeVisible();
      await expect(chatPage.thinking).toHaveCount(0);
      await expect(chatPage.streamingReply).toHaveCount(0);
      const next = `after the failure ${uniq}`;
      await chatPage.sendMessage(next);
      await chatPage.expectReply(defaultReply(next));
    });
  }
});
