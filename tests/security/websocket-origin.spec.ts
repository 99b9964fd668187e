import { test, expect } from '../../fixtures/test.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { ChatClient } from '../../fixtures/chat-client.ts';
import type { ChatSessionAnswer } from '../../fixtures/api-client.ts';
import { precondition } from '../../fixtures/checks/preconditions.ts';
import { expectLlmCalled } from '../../fixtures/checks/chat-checks.ts';

/** A page of another site (only named in the Origin header; nothing is sent there). */
const FOREIGN = 'http://attacker.example';

/** Opens the chat websocket where the browser does (the UI origin) with `origin`; says whether it was accepted
 * (its `connected` frame came) and, if so, whether a turn sent on it was answered. */
async function open(
  uiUrl: string,
  session: ChatSessionAnswer,
  origin: string,
  text: string,
): Promise<{ accepted: false; refused: string } | { accepted: true; answered: boolean }> {
  let client: ChatClient;
  try {
    client = await ChatClient.connect(
      uiUrl,
      { session_id: session.session_id, user_id: session.user_id, bot_name: 'default' },
      10_000,
      origin,
    );
  } catch (e) {
    return { accepted: false, refused: (e as Error).message.split('\n')[0]! };
  }
  try {
    const frames = await client.turn(text, session, 20_000).catch(() => []);
    return { accepted: true, answered: frames.some((f) => f.is_complete === true) };
  } finally {
    client.close();
  }
}

test.describe('cross-site websocket hijacking (OWASP WSTG-CLNT-10)', () => {
  test("/ws opened from a page of another site is refused; the platform's own page still connects", async ({
    api,
    llm,
    stack,
    uniq,
  }) => {
    const session = await api.anonymousSession();
    const own = await open(stack.uiUrl, session, new URL(stack.uiUrl).origin, `own page ${uniq}`);
    expect(
      own,
      `the chat websocket opened with the UI's own Origin (${new URL(stack.uiUrl).origin}) connects and answers`,
    ).toEqual({ accepted: true, answered: true });
    const foreignText = `foreign page ${uniq}`;
    const foreign = await open(stack.uiUrl, session, FOREIGN, foreignText);
    await knownBug(stack, 'wsAcceptsForeignOrigin', {
      intended: async () =>
        expect(
          foreign.accepted,
          `/ws with Origin ${FOREIGN} was accepted${foreign.accepted && foreign.answered ? ' and its turn answered' : ''}: any site the visitor opens can chat as them in their session and read the replies (cross-site websocket hijacking)`,
        ).toBe(false),
      symptom: async () => {
        expect(foreign).toEqual({ accepted: true, answered: true });
        return `/ws with Origin ${FOREIGN}: accepted, and the turn sent on it answered`;
      },
      // The symptom is a turn answered: accepted but unanswered, a turn the platform never took to the LLM is a chat
      // that lost it (PRE loses turns), not a changed symptom.
      precondition: () =>
        precondition(
          'the chat answers (the turn sent on the accepted websocket reaches the LLM stand-in)',
          'the chat does not answer',
          async () => {
            if (foreign.accepted) await expectLlmCalled(llm, foreignText, 'the turn sent on the accepted websocket');
          },
        ),
    });
  });
});
