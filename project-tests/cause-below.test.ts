/**
 * The cause below the symptom (fixtures/cause-below.ts, issue 38 item 1), read from the evidence the named checks
 * write: pure cases of each cause — the session route's status, a message the page never sent, a reply drawn
 * without its end, with a text before it — and a caveat's "new bug: neither … nor …" joining the group its evidence
 * shows. The suite runs that prove each on a seeded defect are in many-test-causes.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeBelow } from '../fixtures/cause-below.ts';
import { groupByCause } from '../fixtures/first-cause.ts';

const LACKS_END = 'the page lacks the end of the reply the LLM streamed (it draws the reply cut short)';
const NEVER_SENT =
  "the page never sent the visitor's message over its chat websocket (§5.3): the platform never got it";

/** A chat check's evidence (chat-checks.ts chatEvidence): the bubbles, then what the LLM stand-in answered. */
const evidence = (first: string, bubbles: string[], streamed: string) =>
  [
    `Error: ${first}`,
    '  the chat shows:',
    '    user: "hello 0123456789ab"',
    ...bubbles.map((b) => `    bot: ${JSON.stringify(b)}`),
    `  the LLM stand-in received 1 request(s) containing "0123456789ab" and answered (scenario default): ${JSON.stringify(streamed)}`,
  ].join('\n');

test('a reply drawn without its end: what the page drew is the beginning of what the LLM streamed', () => {
  const streamed = 'Stand-in reply: hello 0123456789ab';
  assert.equal(causeBelow(evidence('the reply "x" did not appear', ['Stand-in reply: hello'], streamed)), LACKS_END);
  // Whitespace as the page reads it, and escapes as the evidence quotes them.
  assert.equal(
    causeBelow(evidence('x', ['A "quoted"\nreply that'], 'A "quoted" reply that goes on 0123456789ab')),
    LACKS_END,
  );
  // The whole reply, or a bubble too short to be the same reply cut, is no such cause.
  assert.equal(causeBelow(evidence('x', [streamed], streamed)), undefined);
  assert.equal(causeBelow(evidence('x', ['Stand-in'], streamed)), undefined);
  // A stray text before it stays its own cause.
  assert.equal(
    causeBelow(evidence('x', [`[draft] ${streamed}`], streamed)),
    'the page draws "[draft] " before the reply the LLM streamed',
  );
});

test("a message the page never sent: the chat checks' evidence and expectPageSent say so, before the LLM's silence", () => {
  const chat = [
    'Error: the reply "Stand-in reply: hi 0123456789ab" did not appear',
    '  the chat shows:',
    '    user: "hi 0123456789ab"',
    '  the page sent no frame holding "0123456789ab" over its chat websocket (0 frame(s) sent in all, on 1 connection(s))',
    '  the LLM stand-in received NO request containing "0123456789ab": the platform never called the LLM for this turn',
  ].join('\n');
  assert.equal(causeBelow(chat), NEVER_SENT);
  assert.equal(
    causeBelow('Error: the page never sent the message "after 0123456789ab" after the reconnect: no frame holds it'),
    NEVER_SENT,
  );
  assert.equal(
    causeBelow(chat.replace(/\n {2}the page sent no frame[^\n]*/, '')),
    undefined,
    'without that line the LLM is silent for a reason below the page',
  );
});

test("a caveat's new bug (neither the intended behaviour nor its symptom) joins the group its evidence shows", () => {
  const streamed = 'Stand-in reply: hello 0123456789ab';
  const groups = groupByCause([
    {
      title: 'a',
      message: evidence(
        'the reply "Stand-in reply: hello 0123456789ab" did not appear',
        ['Stand-in reply: hello'],
        streamed,
      ),
    },
    {
      title: 'b',
      message: evidence(
        'new bug: neither the intended behaviour nor the recorded symptom of clearSuggestionsRefused holds',
        ['Stand-in reply: hello'],
        streamed,
      ),
    },
    {
      title: 'c',
      message:
        "Error: new bug: neither the intended behaviour nor the recorded symptom of noLoginRoute holds\n  the page's requests on the way:\n    GET /api/auth?bot_name=default 404",
    },
  ]);
  assert.deepEqual(
    groups.map((g) => [g.cause, g.tests]),
    [
      [LACKS_END, ['a', 'b']],
      ['GET /api/auth answered 404: the chat gets no session (§5.1)', ['c']],
    ],
  );
});

test("an error the platform logged for the chat's session, in a turn the LLM never got, names the cause", () => {
  const message = (sid: string, token: string) =>
    [
      `Error: the reply "Stand-in reply: hi ${token}" did not appear`,
      '  the chat shows:',
      `    user: "hi ${token}"`,
      `  the LLM stand-in received NO request containing "${token}": the platform never called the LLM for this turn`,
      "  the platform's log, for this chat's session:",
      `    chat ${sid}: internal error: the bot's config could not be read`,
    ].join('\n');
  const groups = groupByCause([
    { title: 'a', message: message('0b9e2a4e-5f0c-4c1e-9a53-3f4a1c2b7d10', '0123456789ab') },
    { title: 'b', message: message('7c1d9e2f-0a3b-4c5d-8e6f-112233445566', 'ba9876543210') },
  ]);
  assert.deepEqual(
    groups.map((g) => [g.cause, g.tests.length]),
    [
      [
        `the platform logged an error for the chat's session: "chat …: internal error: the bot's config could not be read"`,
        2,
      ],
    ],
  );
});
