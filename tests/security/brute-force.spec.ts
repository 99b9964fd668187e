import { randomBytes } from 'node:crypto';
import { test, expect } from '../../fixtures/test.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { apiLoginOrKnownBug } from '../../fixtures/checks/auth-checks.ts';
import { recordSecret } from '../../fixtures/artifacts/run-secrets.ts';
import { median } from '../../lib/median.ts';

/** At most this many wrong passwords are tried (bounded: a brute-force check, not a load test). */
const MAX_ATTEMPTS = 20;
/** A lockout announced for longer than this is not waited for (its Retry-After and per-account scope are checked). */
const WAIT_FOR_LOCKOUT_S = 30;

interface Attempt {
  status: number;
  ms: number;
  retryAfter?: string;
}

test.describe('brute force on the login (OWASP ASVS V2.2.1)', () => {
  test('wrong passwords for one account are refused or slowed, other accounts are not, and the right password works again', async ({
    api,
    directory,
    stack,
    workerUser,
    uniq,
  }) => {
    test.skip(!stack.directoryUrl, "attached run without the directory stand-in: no account of the test's own to lock");
    // An account of this test's own: locking it affects no other test.
    const victim = { email: `victim-${uniq}@e2e.test`, password: `Pw-${randomBytes(9).toString('base64url')}` };
    recordSecret(victim.password);
    await directory.createUser({ ...victim, firstName: 'Brute', lastName: 'Force' });
    if (!(await apiLoginOrKnownBug(stack, api, victim.email, victim.password))) return;

    const attempts: Attempt[] = [];
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const t0 = performance.now();
      const r = await api.login(victim.email, `wrong-${i}-${uniq}`);
      attempts.push({
        status: r.status(),
        ms: Math.round(performance.now() - t0),
        retryAfter: r.headers()['retry-after'],
      });
      if (r.status() === 429 || r.status() === 423) break;
    }
    const refused = attempts.find((a) => a.status === 429 || a.status === 423);
    const slowedBy =
      attempts.length >= 6
        ? median(attempts.slice(-3).map((a) => a.ms)) - median(attempts.slice(0, 3).map((a) => a.ms))
        : 0;
    const seen = `${attempts.length} wrong passwords in ${(attempts.reduce((s, a) => s + a.ms, 0) / 1000).toFixed(1)} s: statuses ${[...new Set(attempts.map((a) => a.status))].join(', ')}; first 3 took ${attempts
      .slice(0, 3)
      .map((a) => a.ms)
      .join(', ')} ms, last 3 ${attempts
      .slice(-3)
      .map((a) => a.ms)
      .join(', ')} ms`;
    const limited = await knownBug(stack, 'loginNotLimited', {
      intended: async () => {
        expect(
          refused !== undefined || slowedBy >= 1000,
          `an attacker can guess this account's password without limit: ${seen}; none refused (429/423) or slowed`,
        ).toBe(true);
        return true;
      },
      symptom: async () => {
        expect(attempts).toHaveLength(MAX_ATTEMPTS);
        expect(
          attempts.every((a) => a.status === 401),
          `every attempt 401: ${seen}`,
        ).toBe(true);
        expect(slowedBy, 'no growing delay').toBeLessThan(1000);
        return seen;
      },
    });
    if (!limited || !refused) return;

    // Locked per account, not for everyone (else anyone could lock every user out), and for a bounded time.
    expect(
      (await api.login(workerUser.email, workerUser.password)).status(),
      'another account still logs in while this one is locked',
    ).toBe(200);
    const retryAfter = Number(refused.retryAfter);
    expect(
      Number.isFinite(retryAfter) && retryAfter > 0,
      `the refusal says when to try again (Retry-After: ${refused.retryAfter}); without it the account may be locked out for ever, a denial of service anyone can cause`,
    ).toBe(true);
    if (retryAfter > WAIT_FOR_LOCKOUT_S) {
      test.info().annotations.push({ type: 'lockout', description: `Retry-After ${retryAfter} s: not waited for` });
      return;
    }
    await expect
      .poll(async () => (await api.login(victim.email, victim.password)).status(), {
        message: `the right password works again once the lockout (Retry-After ${retryAfter} s) is over`,
        timeout: (retryAfter + 10) * 1000,
        intervals: [500, 1000],
      })
      .toBe(200);
  });
});
