/**
 * The accessibility, keyboard and phone checks can fail: a regression seeded into the reference page
 * (REFERENCE_MUTATIONS, platform/mutations/) turns its test red, saying what broke.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRunShows, runSuite } from './helpers.ts';

// One suite run for the three regressions of the intended pages (each its own spec, one mutation each): a run of
// the suite costs seconds of CPU, and npm test has three minutes.
test(
  'seeded regressions, one run: a button without a name, a focus trap and a layout wider than a phone each turn their check red, saying what broke',
  { timeout: 120_000 },
  async () => {
    const r = await runSuite(
      [
        'tests/accessibility/axe.spec.ts',
        'tests/accessibility/keyboard.spec.ts',
        'tests/phone/layout.spec.ts',
        '--project',
        'accessibility',
        '--project',
        'phone',
        '-g',
        'accessibility accessibility/axe.spec.ts .*the desktop with the chat|keyboard only the login page|phone phone/layout.spec.ts',
      ],
      { REFERENCE_MUTATIONS: 'unnamed-button,focus-trap,fixed-width-layout' },
    );
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assert.match(r.out, /3 failed/, 'each of the three checks');
    // A button without a name: the chat scan names the rule, the element and the rule's help.
    assertRunShows(
      r.out,
      /desktop with the chat, a message and its reply: axe found serious or critical violations of WCAG 2\.0\/2\.1 A\/AA/,
    );
    assertRunShows(r.out, /button-name \(critical\) — Buttons must have discernible text/);
    assertRunShows(r.out, /#sendBtn/);
    assert.match(r.out, /https:\/\/dequeuniversity\.com\/rules\/axe\/[\d.]+\/button-name/, 'the help link');
    // A focus trap: the keyboard journey says where the focus stayed.
    assertRunShows(r.out, /Tab did not reach password within 12 presses/);
    assertRunShows(r.out, /the focus went: .*input#email.* → input#email/);
    // A fixed-width layout: the phone layout check names the widest element.
    assertRunShows(
      r.out,
      /the login page is \d+ px wide on a 412 px screen \(a horizontal scroll\); furthest right: div\.login-card/,
    );
  },
);

test(
  'a button without a name where unnamed buttons are a known bug: the known ones are observed, the new one fails',
  { timeout: 120_000 },
  async () => {
    const r = await runSuite(['tests/accessibility/axe.spec.ts', '--project', 'accessibility', '-g', 'the desktop'], {
      REFERENCE_PROFILE: 'head',
      REFERENCE_MUTATIONS: 'unnamed-button',
    });
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assertRunShows(r.out, /axe found serious or critical violations of WCAG 2\.0\/2\.1 A\/AA/);
    assertRunShows(r.out, /button-name \(critical\) — Buttons must have discernible text/);
    const failure = /axe found serious or critical violations[\s\S]*?Expected: 0/.exec(r.out)?.[0] ?? '';
    assert.match(failure, /• #sendBtn/);
    assert.doesNotMatch(
      failure,
      /\.btn-(minimize|maximize|close)/,
      'the recorded title-bar buttons are not reported as new',
    );
  },
);
