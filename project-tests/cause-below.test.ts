/**
 * The cause below the symptom (fixtures/cause-below.ts, issue 38 item 1), read from the evidence the named checks
 * write: pure cases of each cause — the session route's status, a message the page never sent, a reply drawn
 * without its end, with a text before it — and a caveat's "new bug: neither … nor …" joining the group its evidence
 * shows; and what is none of them (review of 2026-12-07: an absent reply, the reply a check expected, the bubbles
 * themselves, escapes, a logged line from two workers). The suite runs that prove each on a seeded defect are in many-test-causes.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeBelow } from '../fixtures/cause-below.ts';
import { CHAT_NEVER_CALLED_LLM, firstCause, groupByCause } from '../fixtures/first-cause.ts';

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

test('an error answer of GET /api/auth followed by a session is no "chat gets no session": the symptom groups it', () => {
  const [group] = groupByCause([
    {
      title: 'signed out, then a guest',
      message:
        "Error: the chat did not connect\n  the page's requests on the way:\n    GET /api/auth?bot_name=default 401\n    GET /api/auth?bot_name=default 200\n  the chat shows:\n    (no bubble at all)",
    },
  ]);
  assert.equal(group!.cause, 'the chat did not connect');
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

test("an absent reply is not one cut short: only the turn's own bubbles count, and a turn the LLM never got says so", () => {
  // One token for two turns: the stand-in answered both, the page drew the first and never the second.
  const first = 'Stand-in reply: hello 0123456789ab';
  const absent = [
    'Error: the reply "Stand-in reply: hello 0123456789ab again" did not appear',
    '  the chat shows:',
    '    user: "hello 0123456789ab"',
    `    bot: ${JSON.stringify(first)}`,
    '    user: "hello 0123456789ab again"',
    `  the LLM stand-in received 2 request(s) containing "0123456789ab" and answered (scenario default, default): ${JSON.stringify(first)}, ${JSON.stringify(`${first} again`)}`,
  ].join('\n');
  assert.equal(causeBelow(absent), undefined);
  // The LLM got no request for the turn: never called, whatever an earlier bubble reads like.
  const never = [
    ...absent.split('\n').slice(0, 5),
    '  the LLM stand-in received NO request containing "hello 0123456789ab again": the platform never called the LLM for this turn',
  ].join('\n');
  assert.equal(firstCause(never).cause, CHAT_NEVER_CALLED_LLM);
});

test('the reply a check expected is not what the LLM streamed: only what the stand-in answered is', () => {
  const whole = 'Stand-in reply: hello 0123456789ab';
  // The check expected more than the stand-in streams; the page drew the stream whole.
  assert.equal(causeBelow(evidence(`the reply "${whole} and more words" did not appear`, [whole], whole)), undefined);
  // No stream in the evidence at all: an expected reply longer than the bubble says nothing of a stream cut.
  assert.equal(
    causeBelow(
      [
        `Error: the reply "${whole} and more" did not appear`,
        '  the chat shows:',
        '    user: "hello 0123456789ab"',
        `    bot: ${JSON.stringify(whole)}`,
      ].join('\n'),
    ),
    undefined,
  );
});

test("the page's bubbles are not streamed replies, even in the stand-in's default form", () => {
  const message = [
    'Error: the suggestion buttons ["Red","Green"] are not shown; the buttons shown: none',
    '  the chat shows:',
    '    user: "hello 0123456789ab"',
    '    bot: "Stand-in reply: hello 0123456789ab"',
    '    user: "hello 0123456789ab again"',
    '    bot: "Stand-in reply: hello 0123456789ab again"',
  ].join('\n');
  assert.equal(causeBelow(message), undefined);
});

test('escaped texts are compared unescaped: never throws, and a text before the reply reads as the page shows it', () => {
  // Escaped, the reply "nothing…" starts right after the backslash of "\n": unescaped, the bubble does not hold it.
  assert.equal(causeBelow(evidence('x', ['Intro\nothing more to say here'], 'nothing more to say here')), undefined);
  assert.equal(
    causeBelow(evidence('x', ['Intro\nnothing more to say here'], 'nothing more to say here')),
    'the page draws "Intro " before the reply the LLM streamed',
  );
  const message = [
    'Error: the reply "nothing more to say here" did not appear',
    '  the chat shows:',
    `    bot: ${JSON.stringify('Intro\nothing more to say here')}`,
  ].join('\n');
  assert.equal(firstCause(message).cause, 'the reply "…" did not appear');
});

test("one logged error from two workers' tests gives one group: times, stamps, numbers and test bots' names masked", () => {
  const message = (stamp: string, time: string, bot: string, slot: string, port: number) =>
    [
      'Error: the reply "Stand-in reply: hi 0123456789ab" did not appear',
      '  the LLM stand-in received NO request containing "0123456789ab": the platform never called the LLM for this turn',
      "  the platform's log, for this chat's session:",
      `    ${stamp} [${time}] ERROR chat: bot ${bot} (${slot}): config read failed from 127.0.0.1:${port} after 3 tries`,
    ].join('\n');
  const groups = groupByCause([
    { title: 'w0', message: message('20261207061813.510', '06:18:13.510', 'greet3fa9c1', 'e2eslot3', 41234) },
    { title: 'w1', message: message('20261207061942.007', '06:19:42', 'greet0b1d2e', 'e2eslot12', 40017) },
  ]);
  assert.deepEqual(
    groups.map((g) => [g.cause, g.tests]),
    [
      [
        `the platform logged an error for the chat's session: "… […] ERROR chat: bot greet… (e2eslot…): config read failed from … after … tries"`,
        ['w0', 'w1'],
      ],
    ],
  );
});
