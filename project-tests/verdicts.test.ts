/**
 * The verdicts prove what they claim: under a build profile of the reference platform, a regression seeded into a
 * test that also checks a known bug turns it red (a known bug never excuses another failure), and a recorded bug
 * "fixed" turns its test red saying the caveat no longer reproduces. Mutations: platform/mutations/. The page's
 * regressions of issue 30 are in page-verdicts.test.ts (the two files run side by side in `npm run test:proofs`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRunShows, runSuite as suite } from './helpers.ts';

test(
  'a recorded bug fixed under a profile turns its test red: "caveat no longer reproduces"',
  { timeout: 120_000 },
  async () => {
    // (Green with the bug as recorded: the suite's own pre leg, `REFERENCE_PROFILE=pre npx playwright test`.)
    const fixed = await suite(['tests/logout.spec.ts', '-g', 'POST /api/auth/logout invalidates'], {
      REFERENCE_PROFILE: 'pre',
      REFERENCE_MUTATIONS: 'logout-works',
    });
    assert.equal(fixed.code, 1, `red once the bug is gone:\n${fixed.out}`);
    assert.match(fixed.out, /caveat no longer reproduces: logoutAlways401/);
    assert.match(fixed.out, /remove "logoutAlways401" from the caveats of builds\/pre\.json/);
  },
);

test(
  'a regression seeded into a test that checks known bugs turns it red (the journey under the head profile)',
  { timeout: 120_000 },
  async () => {
    const r = await suite(['tests/journey.spec.ts', '--project', 'chromium'], {
      REFERENCE_PROFILE: 'head',
      REFERENCE_MUTATIONS: 'drop-every-second-delta',
    });
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assertRunShows(r.out, /the reply "Stand-in reply: journey message \w+" did not appear/);
    assert.match(r.out, /the chat shows:/, 'the failure shows what the chat held');
    assertRunShows(r.out, /1 failed/);
  },
);

// One run of the intended pages for two regressions, each in its own spec (a suite run costs seconds of CPU).
test(
  'seeded regressions, one run: the held-stream spec catches a platform that drops every second delta, the conversation spec a HEAR that loses the answer, each saying what the page showed instead',
  { timeout: 120_000 },
  async () => {
    const r = await suite(
      [
        'tests/chat.spec.ts',
        'tests/bots/conversation.spec.ts',
        '--project',
        'chromium',
        '-g',
        'a held stream|HEAR … AS TEXT takes the answer',
      ],
      {
        E2E_WORKERS: '2', // both red, each waiting out its check's deadline
        REFERENCE_PROFILE: 'intended',
        REFERENCE_MUTATIONS: 'drop-every-second-delta,hear-ignores-answer',
      },
    );
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assert.match(r.out, /2 failed/, 'both');
    // Every second delta dropped (the final frame repeating the answer).
    assertRunShows(r.out, /after piece 2 of 4 the streaming bubble does not show exactly "A held answer arrives in "/);
    // HEAR stores an empty value: what the bot said instead, and that the LLM was not asked.
    assertRunShows(r.out, /the bot did not say "Noted: the e2e bot calls you Ada \w+"/);
    assert.match(r.out, /bot: "Noted: the e2e bot calls you"/, 'the failure shows what the bot said instead');
    assert.match(r.out, /the LLM stand-in received NO request containing/, 'and that the LLM was not asked');
  },
);

test('the fault spec catches an /api/health that does not ask the database', { timeout: 180_000 }, async () => {
  const r = await suite(['--project', 'faults', '-g', 'PostgreSQL stopped'], {
    REFERENCE_MUTATIONS: 'health-ignores-database',
  });
  assert.equal(r.code, 1, `red:\n${r.out}`);
  assertRunShows(r.out, /GET \/api\/health with the database stopped/);
});

test(
  'a doubled greeting (issue 30) turns both bot specs red: each asserts the exact sequence a new session gets',
  { timeout: 120_000 },
  async () => {
    const r = await suite(['tests/bots/my-bot.spec.ts', 'tests/bots/suggestions.spec.ts', '--project', 'chromium'], {
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'doubled-greeting',
    });
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assert.match(r.out, /2 failed/, r.out.slice(-2000));
    assertRunShows(
      r.out,
      /the bot's messages are not \["Welcome to the e2e greet bot","Stand-in reply: hello \w+"\], in this order/,
    );
    assertRunShows(r.out, /the bot's messages are not \["Which colour do you like\?"\], in this order/);
    assert.match(
      r.out,
      /bot: "Welcome to the e2e greet bot"\n\s+bot: "Welcome to the e2e greet bot"/,
      'the failure shows the greeting twice',
    );
  },
);
