/**
 * Each security check of issue 20 catches the hole it is about: a mutation of the reference platform
 * (REFERENCE_MUTATIONS, platform/security-profile.ts) opens one hole under the intended profile and its test turns
 * red with a message that says what an attacker could do.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSuite } from './helpers.ts';

test('output handling: a chat page that inserts the reply as HTML turns the reply spec red', { timeout: 120_000 }, async () => {
  const r = await runSuite(['tests/security/output-handling.spec.ts', '-g', 'carrying <img>'], { REFERENCE_MUTATIONS: 'unescaped-reply' });
  assert.equal(r.code, 1, `red:\n${r.out}`);
  assert.match(r.out, /runs script in the chat of everyone who reads it/);
  assert.match(r.out, /script from it RAN in the page \(canary: img/);
  assert.match(r.out, /1 failed/);
});
