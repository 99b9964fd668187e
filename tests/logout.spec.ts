import { test, expect } from '../fixtures/test.ts';
import { DesktopPage } from '../fixtures/pages/desktop-page.ts';
import { knownProductBugs } from '../fixtures/caveats.ts';

test.describe('logout (contract §3.6, §4.2; DESIGN.md intended behaviour)', () => {
  test('Sign Out clears the token, shows Sign In, and the old token no longer works', async ({ loggedInPage, api, stack }) => {
    knownProductBugs(stack, 'noLoginRoute', 'logoutAlways401');
    const desktop = new DesktopPage(loggedInPage);
    await desktop.goto();
    await desktop.expectSignedIn();
    const { local: token } = await desktop.storedToken();
    expect(token).toMatch(/^gb_/);
    expect((await (await api.me(token!)).json()).is_anonymous).toBe(false);

    await desktop.signOut();
    expect(await desktop.storedToken()).toEqual({ local: null, session: null });

    const me = await api.me(token!);
    expect(me.status()).toBe(200);
    expect((await me.json()).is_anonymous, '`me` with the old token is anonymous').toBe(true);
    expect((await api.sessions(token!)).status(), 'protected route with the old token').toBe(401);
  });

  test('POST /api/auth/logout invalidates the token for protected routes', async ({ api, workerUser, stack }) => {
    knownProductBugs(stack, 'noLoginRoute', 'logoutAlways401');
    const { access_token: token } = await api.loginOk(workerUser.email, workerUser.password);
    expect((await api.sessions(token)).status()).toBe(200);
    const out = await api.logout(token);
    expect(out.status()).toBe(200);
    expect(await out.json()).toMatchObject({ success: true });
    expect((await api.sessions(token)).status()).toBe(401);
    expect((await api.history('00000000-0000-0000-0000-000000000000', token)).status()).toBe(401);
  });

  test('protected routes refuse requests without a token or with a made-up one', async ({ api, stack }) => {
    knownProductBugs(stack, 'anyBearerAccepted');
    const none = await api.sessions();
    expect(none.status()).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'missing_token' });
    expect((await api.sessions('gb_made-up-token')).status()).toBe(401);
  });
});
