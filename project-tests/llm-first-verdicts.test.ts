/**
 * The LLM-first bot specs (tests/bots/tools, context, begin-talk, labelled-suggestions) prove what they claim:
 * one suite run of the intended reference platform with one seeded regression per spec (platform/profile.ts
 * MUTATIONS) turns each of the five tests red, each saying what the page or the LLM request held instead.
 * (Green without the mutations: the suite's own legs on the three profiles.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRunShows, runSuite as suite } from './helpers.ts';

test(
  'seeded regressions, one run: tools not offered, a context left out, a BEGIN TALK split, a label sent for its value, CLEAR SUGGESTIONS ignored — each turns its test red',
  { timeout: 150_000 },
  async () => {
    const r = await suite(
      [
        'tests/bots/tools.spec.ts',
        'tests/bots/context.spec.ts',
        'tests/bots/begin-talk.spec.ts',
        'tests/bots/labelled-suggestions.spec.ts',
        '--project',
        'chromium',
      ],
      {
        // Two workers: the five red tests each wait out a check's deadline and its second look.
        E2E_WORKERS: '2',
        REFERENCE_PROFILE: 'intended',
        REFERENCE_MUTATIONS:
          'tools-not-offered,context-left-out,talk-block-split,suggestion-sends-label,clear-suggestions-ignored',
      },
    );
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assert.match(r.out, /5 failed/, `all five:\n${r.out.slice(-3000)}`);
    // Each failure says what the platform did instead.
    assertRunShows(r.out, /does not offer the tool book-room as its dialog declares it; it offered no tools at all/);
    assertRunShows(
      r.out,
      /lacks \(before the visitor's message\) \["E2E context line: the e2e office opens at nine\."\]/,
    );
    assertRunShows(
      r.out,
      /the bot's messages are not \[\/\^E2E notice board\/,"Stand-in reply: anything new \w+"\], in this order/,
    );
    assertRunShows(r.out, /the LLM was sent "A cup of tea", which the visitor never sent/);
    assertRunShows(
      r.out,
      /the suggestion buttons \["Fresh e2e choice"\] are not shown; the buttons shown: \["Stale e2e choice","Fresh e2e choice"\]/,
    );
  },
);
