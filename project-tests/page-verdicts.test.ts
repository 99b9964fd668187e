/**
 * The page's regressions of issue 30 (and 38) turn the tests that watch them red, each saying what the page did: a
 * reply decoded per network chunk, a reconnect that sends twice, drops or never sends, a dialog's TALK inserted as
 * HTML, a Sign Out judged before the page decided, controls named by their placeholder alone. Split from
 * verdicts.test.ts so that the two halves run side by side in `npm run test:proofs` (three files at a time) instead
 * of one after another. Mutations: platform/mutations/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRunShows, runSuite as suite } from './helpers.ts';

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
      // Two workers: the three red tests each wait out a check's deadline and its second look.
      E2E_WORKERS: '2',
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
      E2E_WORKERS: '2', // both tests red, each waiting out its check's deadline
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
    // Two runs side by side: each mostly waits for the late page.
    const [late, r] = await Promise.all([
      suite(['tests/logout.spec.ts', '--project', 'chromium', '-g', 'Sign Out clears'], {
        REFERENCE_PROFILE: 'intended',
        REFERENCE_MUTATIONS: 'late-auth-decision',
      }),
      suite(['tests/logout.spec.ts', '--project', 'chromium', '-g', 'Sign Out clears'], {
        REFERENCE_PROFILE: 'intended',
        REFERENCE_MUTATIONS: 'late-auth-decision,signout-keeps-session-token',
      }),
    ]);
    assert.equal(late.code, 0, `a page that decides late is waited for, not failed:\n${late.out}`);
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
