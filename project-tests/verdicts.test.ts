/**
 * The verdicts prove what they claim: under a build profile of the reference platform, a regression seeded into a
 * test that also checks a known bug turns it red (a known bug never excuses another failure), and a recorded bug
 * "fixed" turns its test red saying the caveat no longer reproduces. Mutations: platform/mutations/.
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
      { REFERENCE_PROFILE: 'intended', REFERENCE_MUTATIONS: 'drop-every-second-delta,hear-ignores-answer' },
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

test(
  'a platform that decodes each network chunk on its own (issue 30) turns the split-text spec red, showing the U+FFFD it drew',
  { timeout: 120_000 },
  async () => {
    const r = await suite(['tests/chat-split-text.spec.ts', '--project', 'chromium'], {
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'decode-per-chunk',
    });
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assertRunShows(r.out, /the reply "Party 🎉 time, family .*" did not appear/);
    assert.match(r.out, /bot: "Party [^"]*\uFFFD/, 'the failure shows the mangled bubble');
  },
);

test(
  'a page that sends twice after a reconnect, or drops what was sent while disconnected (issue 30), turns each reconnect test red',
  { timeout: 120_000 },
  async () => {
    const r = await suite(['tests/chat-reconnect.spec.ts', '--project', 'chromium'], {
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'double-send-after-reconnect,drop-offline-message',
    });
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assert.match(r.out, /3 failed/, r.out.slice(-2000));
    // The double send is caught by whichever sees it first: the second copy of the reply on the page, or, when the
    // page is read between the first turn's end and the second's first piece (a busy machine), the second frame.
    const doubled = (what: string) =>
      new RegExp(
        `once the turn ended, the chat does not show the reply "Stand-in reply: ${what} \\w+" exactly once and whole|the page sent "${what} \\w+" once\\n[\\s\\S]{0,200}?Received length: 2`,
      );
    assertRunShows(r.out, doubled('after the reconnect'));
    assertRunShows(r.out, doubled('after the network came back'));
    assertRunShows(
      r.out,
      /the page never sent the message "sent while away \w+" once the chat was back: no frame over its websocket holds it/,
    );
  },
);

test(
  'a page that never sends a message after a reconnect turns both reconnect tests red saying so, not that the platform never called the LLM (issue 38)',
  { timeout: 120_000 },
  async () => {
    const r = await suite(['tests/chat-reconnect.spec.ts', '--project', 'chromium', '-g', 'goes out once'], {
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'no-send-after-reconnect',
    });
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assert.match(r.out, /2 failed/, r.out.slice(-2000));
    assertRunShows(
      r.out,
      /the page never sent the message "after the reconnect \w+" after the reconnect: no frame over its websocket holds it \(2 connection\(s\) reached the server/,
    );
    assertRunShows(
      r.out,
      /the page never sent the message "after the network came back \w+" after the network came back/,
    );
    assert.doesNotMatch(r.out, /never called the LLM/, 'the page is named, not the platform');
  },
);

test(
  "a page that inserts a dialog's TALK as HTML while LLM replies stay escaped (issue 30) turns both dialog output tests red, and only them",
  { timeout: 120_000 },
  async () => {
    const r = await suite(
      ['tests/bots/dialog-output.spec.ts', 'tests/security/output-handling.spec.ts', '--project', 'chromium'],
      { REFERENCE_PROFILE: 'intended', REFERENCE_MUTATIONS: 'unescaped-talk' },
    );
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assert.match(r.out, /2 failed/, r.out.slice(-2000));
    assert.match(r.out, /6 passed/, 'the LLM output tests stay green');
    assertRunShows(r.out, /a TALK carrying <img onerror> must run nothing and still be shown/);
    assertRunShows(
      r.out,
      /the bot's messages are not \["What is your name\?","Hello <img src=x alt=hear onerror=__e2eCanary\.push\(this\.alt\)>"\]/,
    );
  },
);

test(
  '"signed out" is judged on a page that has decided (issue 30): with a page that decides late and a Sign Out that keeps the session token, the label check itself goes red',
  { timeout: 120_000 },
  async () => {
    const late = await suite(['tests/logout.spec.ts', '--project', 'chromium', '-g', 'Sign Out clears'], {
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'late-auth-decision',
    });
    assert.equal(late.code, 0, `a page that decides late is waited for, not failed:\n${late.out}`);
    const r = await suite(['tests/logout.spec.ts', '--project', 'chromium', '-g', 'Sign Out clears'], {
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'late-auth-decision,signout-keeps-session-token',
    });
    assert.equal(r.code, 1, `red:\n${r.out}`);
    // The half-loaded page's static HTML says "Sign In": the check waits for the page's decision, which is "Sign Out".
    assertRunShows(r.out, /Error: the desktop offers Sign In \(the page has decided\)[\s\S]*Received: "Sign Out"/);
    assert.doesNotMatch(r.out, /Sign Out forgets the token/, 'caught by the label, before the storage check');
  },
);

test(
  'a message box named by its placeholder alone (issue 30), a password field that lost its label (issue 38): the control-names tests red, saying where the name comes from; the login tests still run and pass',
  { timeout: 120_000 },
  async () => {
    const r = await suite(
      [
        'tests/accessibility/control-names.spec.ts',
        'tests/login.spec.ts',
        '--project',
        'accessibility',
        '--project',
        'chromium',
      ],
      { REFERENCE_PROFILE: 'intended', REFERENCE_MUTATIONS: 'placeholder-only-name,unlabelled-password' },
    );
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assert.match(r.out, /2 failed/, r.out.slice(-2000));
    assert.match(r.out, /5 passed/, 'the five login tests find the field by what is left, and pass');
    assertRunShows(
      r.out,
      /the message box is named by more than its placeholder \("Message\.\.\. \(type @ to mention\)"\): no aria-labelledby, aria-label, <label> or title/,
    );
    assertRunShows(
      r.out,
      /Error: the password field is named by more than its placeholder \("••••••••"\): no aria-labelledby, aria-label, <label> or title/,
    );
    assert.doesNotMatch(r.out, /locator\.fill: Timeout/, 'no login test waits for a field it cannot find');
  },
);
