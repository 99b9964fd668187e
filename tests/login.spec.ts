import { test, expect } from '../fixtures/test.ts';
import { knownProductBugs } from '../fixtures/caveats.ts';

test.describe('login (contract §3.4–3.5, §4.2)', () => {
  test('the worker user signs in through the UI and lands on the desktop with the token stored', async ({ page, loginPage, desktopPage, workerUser, api, stack }) => {
    knownProductBugs(stack, 'noLoginRoute');
    await loginPage.goto();
    await loginPage.login(workerUser.email, workerUser.password);
    await desktopPage.expectLoaded();
    await desktopPage.expectSignedIn();
    const token = await desktopPage.storedToken();
    expect(token.local).toMatch(/^gb_/);
    expect(token.session).toBe(token.local);
    const me = await api.me(token.local!);
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ email: workerUser.email, is_anonymous: false });
  });

  test('a wrong password shows the error and stays on the login page', async ({ page, loginPage, workerUser, stack }) => {
    knownProductBugs(stack, 'noLoginRoute');
    await loginPage.goto();
    await loginPage.login(workerUser.email, `${workerUser.password}-wrong`);
    await loginPage.expectError('Invalid email or password');
    await loginPage.expectOnPage();
    expect(await loginPage.storedToken()).toBeNull();
  });

  test('an unknown email shows the error and stays on the login page', async ({ page, loginPage, uniq, stack }) => {
    knownProductBugs(stack, 'noLoginRoute');
    await loginPage.goto();
    await loginPage.login(`nobody-${uniq}@e2e.test`, 'whatever-password');
    await loginPage.expectError('Invalid email or password');
    await loginPage.expectOnPage();
  });

  test('empty fields are blocked by the form', async ({ page, loginPage, directory, uniq }) => {
    await loginPage.goto();
    await loginPage.submit.click();
    expect(await loginPage.validationMessage(loginPage.email)).not.toBe('');
    await loginPage.email.fill(`someone-${uniq}@e2e.test`);
    await loginPage.submit.click();
    expect(await loginPage.validationMessage(loginPage.password)).not.toBe('');
    await loginPage.expectOnPage();
    await expect(loginPage.error).toBeHidden();
    expect(await directory.requests({ contains: uniq }), 'no login attempt reached the directory').toEqual([]);
  });

  test('the login API answers as §4.2 and `me` returns the user', async ({ api, workerUser, stack }) => {
    knownProductBugs(stack, 'noLoginRoute');
    const answer = await api.loginOk(workerUser.email, workerUser.password);
    expect(answer).toMatchObject({ success: true, requires_2fa: false, expires_in: 3600, redirect: '/' });
    expect(answer.access_token).toMatch(/^gb_/);
    const me = await (await api.me(answer.access_token)).json();
    expect(me).toMatchObject({ email: workerUser.email, is_anonymous: false });
    const bad = await api.login(workerUser.email, 'not-the-password');
    expect(bad.status()).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'Invalid email or password' });
  });
});
