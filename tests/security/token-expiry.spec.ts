import { test, expect } from '../../fixtures/test.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { apiLoginOrKnownBug } from '../../fixtures/checks/auth-checks.ts';
import { endStoredLifetime, findStoredToken } from '../../fixtures/token-storage.ts';
import type { MeAnswer } from '../../fixtures/api-client.ts';
import { mask } from '../../stack/secrets.ts';

test.describe('token expiry for real (OWASP ASVS V3.3)', () => {
  test('a token the platform issued stops working once its lifetime is over', async ({ api, stack, workerUser }) => {
    test.skip(!stack.redisUrl, 'attached run without REDIS_URL: where the platform keeps its tokens cannot be seen');
    const answer = await apiLoginOrKnownBug(stack, api, workerUser.email, workerUser.password);
    if (!answer) return;
    const token = answer.access_token;
    const identifies = async () => ((await (await api.me(token)).json()) as MeAnswer).is_anonymous === false;
    expect(await identifies(), 'the issued token identifies the user (GET /api/auth/me)').toBe(true);
    const stored = await findStoredToken(stack.redisUrl!, token);
    const where = stored?.key.replace(token, mask(token)); // a failure message names the key, never the token
    await knownBug(stack, 'tokensNeverExpire', {
      intended: async () => {
        expect(
          stored,
          'the platform keeps the token it issued where its expiry can be seen (a Redis key naming it): none found',
        ).toBeDefined();
        expect(
          stored!.ttlMs,
          `the stored token (${where}) has no expiry (TTL ${stored!.ttlMs}): whoever steals it keeps the account for ever`,
        ).toBeGreaterThan(0);
        expect(
          stored!.ttlMs / 1000,
          `its stored lifetime is at most the announced expires_in (${answer.expires_in} s)`,
        ).toBeLessThanOrEqual(answer.expires_in + 1);
        await endStoredLifetime(stack.redisUrl!, stored!);
        await expect
          .poll(identifies, {
            message:
              'once its lifetime is over the token still identifies the user (GET /api/auth/me): a stolen token outlives its expiry',
          })
          .toBe(false);
      },
      symptom: async () => {
        expect(stored, 'no Redis key names the token').toBeUndefined();
        expect(await identifies(), 'the token works').toBe(true);
        return `no Redis key names the issued token (kept in the server process, no expiry); it works; "expires_in":${answer.expires_in} announced`;
      },
    });
  });
});
