/**
 * Late is not never, for the rest of the checks that wait for the platform (issue 38, item 3): expectLlmCalled,
 * expectSuggestions, the precondition "the chat answers" (its turn over the websocket, fixtures/ws-chat.ts) and a
 * conversation's steps (fixtures/conversations/turn.ts, expectations.ts) look once more when their deadline passed
 * (fixtures/checks/late-look.ts), so that what came after it is said "N s after the deadline …: late, not absent" and
 * grouped as one timing cause, never as absent. Each proven on the slow-turn mutation (every turn 12 s late). A proof:
 * runs the suite (scripts/test-sets.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAME_LATE, groupByCause } from '../fixtures/first-cause.ts';
import { listFailed, seededRun } from './seeded-run.ts';

/** The message of the failed test whose title holds `title`. */
const messageOf = (failed: { title: string; message: string }[], title: string) =>
  failed.find((f) => f.title.includes(title))?.message ?? `(not failed)\n${listFailed(failed)}`;

test(
  'slow-turn: the LLM called 12 s into a turn and buttons shown then are late, not absent (expectLlmCalled, expectSuggestions)',
  { timeout: 240_000 },
  async () => {
    const r = await seededRun(
      ['tests/chat.spec.ts', 'tests/bots/suggestions.spec.ts', '-g', 'held stream|buttons a dialog adds'],
      {
        REFERENCE_MUTATIONS: 'slow-turn',
        E2E_TIME_FACTOR: '1',
      },
    );
    assert.equal(r.failed.length, 2, listFailed(r.failed));
    assert.match(
      messageOf(r.failed, 'held stream'),
      /^Error: the platform called the LLM \d+\.\d s after the deadline \(10 s\): late, not absent/,
    );
    assert.match(
      messageOf(r.failed, 'buttons a dialog adds'),
      /^Error: the suggestion buttons \["Red","Green","Blue"\] were shown \d+\.\d s after the deadline \(10 s\): late, not absent; the buttons shown: \["Red","Green","Blue"\]/,
    );
    assert.deepEqual(
      groupByCause(r.failed).map((g) => [g.cause, g.tests.length]),
      [[CAME_LATE, 2]],
    );
  },
);

test(
  "slow-turn with the platform's deadlines halved (E2E_TIME_FACTOR 0.5): the precondition's turn and a conversation's step are late, not absent",
  { timeout: 240_000 },
  async () => {
    const r = await seededRun(
      [
        '--project=chromium',
        '--project=conversations',
        'tests/initialisation.spec.ts',
        'tests/conversations/',
        '-g',
        'configuration loaded|a new visitor is greeted',
      ],
      { REFERENCE_MUTATIONS: 'slow-turn', E2E_TIME_FACTOR: '0.5' },
    );
    assert.equal(r.failed.length, 2, listFailed(r.failed));
    assert.match(
      messageOf(r.failed, 'configuration loaded'),
      /precondition not met: the chat answers [^\n]*\n\s+the turn's final frame came \d+\.\d s after the deadline \(10 s \(E2E_TIME_FACTOR 0\.5\)\): late, not absent/,
    );
    assert.match(
      messageOf(r.failed, 'a new visitor is greeted'),
      /the turn's bot message #1 matched \d+\.\d s after the deadline \(7\.5 s \(E2E_TIME_FACTOR 0\.5\)\): late, not absent/,
    );
    assert.deepEqual(
      groupByCause(r.failed).map((g) => [g.cause, g.tests.length]),
      [[CAME_LATE, 2]],
    );
  },
);
