import { test, expect } from '../../fixtures/fault-test.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { wsTurn } from '../../fixtures/ws-chat.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { expectConnected, expectNoIndicatorLeft, expectReply } from '../../fixtures/checks/chat-checks.ts';
import { chatAnswers, chatSession } from '../../fixtures/checks/preconditions.ts';

/** GET /api/health with a deadline: a platform that stops answering is seen as such, not waited for. */
async function health(apiUrl: string): Promise<[number | string, unknown, unknown]> {
  try {
    const r = await fetch(`${apiUrl}/api/health`, { signal: AbortSignal.timeout(10_000) });
    const body = (await r.json().catch(() => ({}))) as { status?: unknown; database?: unknown };
    return [r.status, body.status, body.database];
  } catch (e) {
    return [`no answer (${(e as Error).name})`, undefined, undefined];
  }
}

test.describe("faults seen from the user's side (a stack of their own)", () => {
  test('PostgreSQL stopped: /api/health says the database is down; health and chat recover when it is back', async ({
    ownStack,
    stack,
    api,
    llm,
    uniq,
    db,
  }) => {
    expect(await health(stack.apiUrl)).toEqual([200, 'healthy', true]);
    // Precondition of the recovery's symptom: the chat answered before the outage.
    await chatAnswers(stack.apiUrl, llm, await chatSession(api, db), `before the outage ${uniq}`);
    await ownStack.interrupt('postgres');
    try {
      // The reference platform asks the database on every request; a real build's pool may take longer to notice.
      const noticeMs = stack.kind === 'reference' ? 10_000 : 45_000;
      await expect
        .poll(() => health(stack.apiUrl), { message: 'GET /api/health with the database stopped', timeout: noticeMs })
        .toEqual([503, 'degraded', false]);
    } finally {
      await ownStack.restore('postgres');
    }
    await expect
      .poll(() => health(stack.apiUrl), { message: 'GET /api/health once the database is back', timeout: 60_000 })
      .toEqual([200, 'healthy', true]);
    const after = `once the database is back ${uniq}`;
    await knownBug(stack, 'databaseOutageBreaksSessions', {
      intended: async () => {
        const turn = await wsTurn(stack.apiUrl, await api.anonymousSession(), after);
        expect(turn.refused, 'the chat connects').toBeUndefined();
        expect(turn.frames.map((f) => f.content).join(''), 'the chat answers').toContain(defaultReply(after));
      },
      symptom: async () => {
        const r = await api.chatAuth();
        expect(r.status(), 'GET /api/auth').toBe(500);
        expect(await r.json()).toEqual({ error: 'Failed to create user' });
        return 'GET /api/auth answers 500 {"error":"Failed to create user"} (no new chat session) while /api/health says healthy';
      },
    });
  });

  test('LLM unreachable: the chat shows the failure, leaves no indicator, and answers again once it is back', async ({
    ownStack,
    desktopPage,
    chatPage,
    llm,
    stack,
    uniq,
  }) => {
    await desktopPage.goto();
    await expectConnected(chatPage);
    await ownStack.interrupt('llm');
    try {
      await chatPage.sendMessage(`nobody answers ${uniq}`);
      await expect
        .poll(() => chatPage.endedTurns(), { message: 'the server ended the turn (an is_complete frame)' })
        .toBe(1);
      await expectNoIndicatorLeft(chatPage);
    } finally {
      await ownStack.restore('llm');
    }
    const after = `the LLM is back ${uniq}`;
    await chatPage.sendMessage(after);
    await expectReply(chatPage, defaultReply(after), llm, after);
    await knownBug(stack, 'llmFailureSilent', {
      intended: async () => expect(chatPage.errorReply, 'an error is shown for the failed turn').toHaveCount(1),
      symptom: async () => {
        await expect(chatPage.errorReply).toHaveCount(0);
        expect(
          (await chatPage.transcript()).map((l) => l.who),
          'only the two messages and the one reply',
        ).toEqual(['user', 'user', 'bot']);
        return 'nothing shown for the turn the LLM could not answer';
      },
    });
  });

  test('Redis stopped: the chat still answers and login answers without hanging; both work once Redis is back', async ({
    ownStack,
    desktopPage,
    chatPage,
    api,
    llm,
    workerUser,
    stack,
    uniq,
    db,
  }) => {
    // Precondition of the outage's symptom: the chat answered before it (in a session of its own, so that the
    // page's session meets the outage on its first message, as measured).
    await chatAnswers(stack.apiUrl, llm, await chatSession(api, db), `before the outage ${uniq}`);
    await desktopPage.goto();
    await expectConnected(chatPage);
    const during = `while Redis is down ${uniq}`;
    await ownStack.interrupt('redis');
    try {
      await chatPage.sendMessage(during);
      const t0 = Date.now();
      const login = await api.login(workerUser.email, workerUser.password);
      expect(Date.now() - t0, `login answered ${login.status()} without hanging`).toBeLessThan(10_000);
    } finally {
      await ownStack.restore('redis');
    }
    const after = `once Redis is back ${uniq}`;
    await chatPage.sendMessage(after);
    await knownBug(stack, 'redisOutageBreaksChat', {
      intended: async () => {
        await expectReply(chatPage, defaultReply(after), llm, after);
        // The turns of a connection are handled in order: the one sent during the outage was answered too.
        await expectReply(chatPage, defaultReply(during), llm, during);
      },
      symptom: async () => {
        const unanswered = await expectReply(chatPage, defaultReply(after), llm, after).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(unanswered, 'the message sent once Redis is back gets no reply').toBeDefined();
        expect(await llm.requests({ contains: after }), 'the LLM is never called for it').toEqual([]);
        const duringAnswered = (await chatPage.transcript()).some((l) => l.text === defaultReply(during));
        return `the first message after Redis came back got no answer (the LLM was never called); the one sent during the outage was ${duringAnswered ? '' : 'not '}answered`;
      },
    });
  });
});
