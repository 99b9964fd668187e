/**
 * The reference platform's seeded mutations (platform/mutations/): one folder, applied in one place (apply.ts),
 * each a wrapper of what it breaks; nothing else in platform/ asks which mutation runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { runInNewContext } from 'node:vm';
import { ROOT } from './helpers.ts';
import { MUTATIONS, applyMutations, parseMutations } from '../platform/mutations/apply.ts';
import { PAGE_MUTATIONS } from '../platform/mutations/page.ts';
import { profile } from '../platform/profile.ts';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : /\.(ts|js)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Files of platform/ outside platform/mutations/ that name a mutation as a string (as code that asks would). */
function askers(): string[] {
  const names = Object.keys(MUTATIONS);
  return files(join(ROOT, 'platform'))
    .filter((f) => !f.includes('/platform/mutations/'))
    .flatMap((f) => {
      const text = readFileSync(f, 'utf8');
      return names.filter((n) => new RegExp(`['"]${n}['"]`).test(text)).map((n) => `${relative(ROOT, f)} names '${n}'`);
    });
}

test('nothing in platform/ outside platform/mutations/ asks which mutation runs', () => {
  assert.deepEqual(askers(), []);
});

test("the page's mutations: page.ts describes exactly those page.js wraps, and page.js wraps the plain steps by the names it is given", () => {
  const source = readFileSync(join(ROOT, 'platform', 'mutations', 'page.js'), 'utf8');
  const load = (names: string[]) => {
    const window: Record<string, unknown> = { __REFERENCE_MUTATIONS__: names };
    runInNewContext(source, { window, localStorage: 'local', sessionStorage: 'session', document: {}, setTimeout });
    // Plain values of this realm (the script's arrays are the new context's).
    const steps = window.__PAGE_STEPS__ as Record<string, unknown> & { forgetOnSignOut(): unknown[] };
    return {
      names: JSON.parse(JSON.stringify(window.__PAGE_MUTATION_NAMES__)) as string[],
      steps,
      forgets: JSON.parse(JSON.stringify(steps.forgetOnSignOut())) as string[],
    };
  };
  assert.deepEqual(load([]).names.sort(), Object.keys(PAGE_MUTATIONS).sort());
  assert.deepEqual(load([]).forgets, ['local', 'session'], 'plain: Sign Out forgets both');
  assert.deepEqual(load(['signout-keeps-session-token']).forgets, ['local'], 'the mutation wraps that step');
  assert.equal(load(['drop-offline-message']).steps.keepsOfflineMessage, false);
  assert.deepEqual(
    applyMutations(profile('intended'), parseMutations('drop-offline-message,no-csp')).page,
    ['drop-offline-message'],
    'only page mutations reach the page',
  );
});

test('the check can fail: a platform file that asks for a mutation by name is named; an unknown name is refused naming the known', () => {
  const probe = join(ROOT, 'platform', 'chat', 'websocket.ts');
  const text = readFileSync(probe, 'utf8');
  assert.ok(!/'dead-chat'/.test(text));
  const names = Object.keys(MUTATIONS);
  const seeded = `${text}\nif (mutations.has('dead-chat')) {}\n`;
  assert.deepEqual(
    names.filter((n) => new RegExp(`['"]${n}['"]`).test(seeded)),
    ['dead-chat'],
  );
  assert.throws(
    () => parseMutations('dead-chat,no-such-thing'),
    /REFERENCE_MUTATIONS: unknown no-such-thing; known: .*dead-chat/,
  );
});

test("each mutation changes what it wraps — the profile, a turn's, a dialog's, the server's or the knowledge bases' steps, or the page's names — and nothing else", () => {
  // A fix of a recorded bug changes nothing under `intended`: each is tried under every profile, and must change
  // one part under at least one of them and never more than one.
  const profiles = ['intended', 'pre', 'head'];
  for (const name of Object.keys(MUTATIONS) as (keyof typeof MUTATIONS)[]) {
    const parts = profiles.map((p) => {
      const plain = applyMutations(profile(p), new Set());
      const m = applyMutations(profile(p), new Set([name]));
      return [
        JSON.stringify(m.profile) !== JSON.stringify(plain.profile) && 'profile',
        m.turn !== plain.turn && 'turn',
        m.dialog !== plain.dialog && 'dialog',
        m.server !== plain.server && 'server',
        m.kb !== plain.kb && 'kb',
        m.page.length > 0 && 'page',
      ].filter(Boolean);
    });
    assert.ok(
      parts.every((c) => c.length <= 1) && parts.some((c) => c.length === 1),
      `${name} changes one part (under ${profiles.join(', ')}: ${parts.map((c) => c.join('+') || 'none').join('; ')})`,
    );
  }
});
