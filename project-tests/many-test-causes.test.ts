/**
 * One defect, one group (issue 38, item 1): seeded defects of the reference platform that each touch many tests at
 * once — the chat's session route renamed, a stray text drawn before every reply, a reply's last piece dropped, a
 * message the page never sends, every turn failing before its LLM call — each met by different checks, each read as
 * ONE group naming the cause underneath (fixtures/cause-below.ts) in the run's summary (fixtures/causes-reporter.ts)
 * and in the verdict diff's "newly failing" table (scripts/verdict/diff.ts). A proof: runs the suite
 * (scripts/test-sets.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { causeLines, groupByCause, plainText } from '../fixtures/first-cause.ts';
import { WAITING_WORKERS } from './helpers.ts';
import { listFailed, newlyFailingGroups, seededRun, type Failed } from './seeded-run.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Chat tests a defect of the turn or of the page meets through different checks (the reply, the turn after an LLM
 * failure, three turns on one connection, a message sent before the chat connected, a bot's messages after its
 * dialog changed). Left out: the held stream and
 * the long reply, whose checks judge a partial state or clip the texts they show, so their evidence holds nothing to
 * set against what the LLM streamed.
 */
const SUBSET = [
  'tests/chat.spec.ts',
  'tests/chat-usage.spec.ts',
  'tests/bots/changes.spec.ts',
  '-g',
  'a message gets the reply|second turn carries|HTTP 500|three turns|before the chat is connected|a dialog changed',
];

/** The first line of each failure with its quoted texts and brackets masked: the symptoms the checks met. */
const symptoms = (failed: { message: string }[]) =>
  new Set(
    failed.map((f) =>
      plainText(f.message)
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l && l !== 'Error:')!
        .replace(/"[^"]*"/g, '"…"')
        .replace(/\[[^\]]*\]/g, '[…]')
        .replace(/\d+(\.\d+)? ?(ms|s)\b/g, 'N'),
    ),
  );

/**
 * Runs `args` on `mutation` (and `env`) and asserts: the run fails with at least `atLeast` tests red, met as at
 * least two symptoms (one of them reading `among` when given), read as the one group `cause` — by groupByCause, in the causes reporter's summary and in the
 * verdict diff's newly failing table (which exits 1). Returns the run's failed tests. Each test on a worker of its
 * own (helpers' WAITING_WORKERS): most wait out a deadline before they fail.
 */
async function oneGroup(
  mutation: string,
  args: string[],
  cause: string,
  atLeast: number,
  env: Record<string, string> = {},
  among?: RegExp,
): Promise<Failed[]> {
  const r = await seededRun(args, { E2E_WORKERS: WAITING_WORKERS, REFERENCE_MUTATIONS: mutation, ...env });
  assert.equal(r.code, 1, r.out.slice(-3000));
  const n = r.failed.length;
  assert.ok(n >= atLeast, `at least ${atLeast} tests red on ${mutation}:\n${listFailed(r.failed)}`);
  if (among)
    assert.ok(
      r.failed.some((f) => among.test(plainText(f.message))),
      `a failure reads ${among} (it joins the group):\n${listFailed(r.failed)}`,
    );
  const met = symptoms(r.failed);
  assert.ok(
    met.size >= 2,
    `the checks met it as different symptoms (else one group proves little): ${[...met].join(' | ')}`,
  );
  assert.deepEqual(
    groupByCause(r.failed).map((g) => [g.cause, g.tests.length]),
    [[cause, n]],
    `one group for ${mutation}:\n${causeLines(r.failed).join('\n')}\n\n${listFailed(r.failed)}`,
  );
  assert.match(
    r.out,
    new RegExp(`${n} failed, by first cause:\\n- ${escape(cause)}: ${n} tests`),
    'the causes reporter says it at the end of the run',
  );
  assert.equal(r.diffCode, 1, r.diffMd);
  assert.deepEqual(
    newlyFailingGroups(r.diffMd).map((l) => l.replace(/ — .*/, '')),
    [`- ${cause}: ${n} tests`],
    `the verdict diff's newly failing table, one group:\n${r.diffMd}`,
  );
  return r.failed;
}

/** Asserts that a reply check among `failed` stopped as soon as its turn was over (fixtures/checks/turn-over.ts):
 * the page had drawn the LLM's whole answer wrong, nothing more could come, so no deadline was waited out. */
function someStoppedWhenOver(failed: Failed[]): void {
  assert.ok(
    failed.some((f) =>
      /did not appear\n[^]*\n\s+the turn is over without it: the LLM stand-in had written/.test(f.message),
    ),
    `a reply check says its turn was over without the reply:\n${listFailed(failed)}`,
  );
}

test(
  "the chat's session route renamed (GET /api/auth answers 404): every chat test, connected or not, one group naming the route",
  { timeout: 240_000 },
  async () => {
    await oneGroup(
      'session-route-renamed',
      [
        'tests/chat.spec.ts',
        'tests/chat-usage.spec.ts',
        'tests/security.spec.ts',
        '-g',
        'a message gets the reply|second turn carries|names its user|three turns|session history is refused|websocket naming',
      ],
      'GET /api/auth answered 404: the chat gets no session (§5.1)',
      6,
    );
  },
);

test(
  "a stray text drawn before every reply, on HEAD's profile: many tests met by different checks, a caveat's new bug among them, one group naming it",
  { timeout: 300_000 },
  async () => {
    const failed = await oneGroup(
      'stray-text-before-reply',
      [...SUBSET.slice(0, -2), 'tests/bots/suggestions.spec.ts', '-g', `${SUBSET.at(-1)}|buttons a dialog adds`],
      'the page draws "[draft] " before the reply the LLM streamed',
      6,
      // HEAD's record holds hearFails: the buttons' test meets neither its intended behaviour nor the recorded
      // symptom (the LLM's answer, drawn with the stray text), a "new bug" whose evidence shows the stray text.
      { REFERENCE_PROFILE: 'head' },
      /new bug: neither the intended behaviour nor the recorded symptom of hearFails/,
    );
    someStoppedWhenOver(failed);
  },
);

test(
  "a reply's last streamed piece dropped: what the page drew against what the LLM stand-in streamed, one group",
  { timeout: 300_000 },
  async () => {
    const failed = await oneGroup(
      'last-piece-dropped',
      SUBSET,
      'the page lacks the end of the reply the LLM streamed (it draws the reply cut short)',
      5,
    );
    someStoppedWhenOver(failed);
  },
);

test(
  "a message the page shows but never sends: one group naming the page's frame, not a platform that never called the LLM",
  { timeout: 300_000 },
  async () => {
    await oneGroup(
      'message-never-sent',
      SUBSET,
      "the page never sent the visitor's message over its chat websocket (§5.3): the platform never got it",
      5,
    );
  },
);

test(
  "every turn failing before its LLM call: the error the platform logged for the chat's session names the group",
  { timeout: 300_000 },
  async () => {
    await oneGroup(
      'turn-fails-before-llm',
      SUBSET,
      'the platform logged an error for the chat\'s session: "chat …: internal error: the session\'s context could not be built (seeded: turn-fails-before-llm)"',
      5,
    );
  },
);
