import { test, expect } from '../fixtures/test.ts';

test.describe('platform load', () => {
  test('the desktop loads with its title, its scripts and styles, no console error and no failed request', async ({ page, desktopPage }) => {
    const consoleErrors: string[] = [];
    const failed: string[] = [];
    const assets: { url: string; status: number; type: string }[] = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('requestfailed', (r) => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
    page.on('response', (r) => {
      const type = r.request().resourceType();
      if (type === 'script' || type === 'stylesheet') assets.push({ url: r.url(), status: r.status(), type });
    });

    await desktopPage.goto();
    await expect(desktopPage.loginButton).toBeVisible();
    await expect(desktopPage.chatWindow).toBeVisible();
    await desktopPage.chat.expectConnected();

    expect(assets.filter((a) => a.type === 'script').length, 'the desktop loads scripts').toBeGreaterThan(0);
    expect(assets.filter((a) => a.type === 'stylesheet').length, 'the desktop loads styles').toBeGreaterThan(0);
    expect(assets.filter((a) => a.status !== 200), 'every script and style answers 200').toEqual([]);
    expect(consoleErrors, 'no console errors').toEqual([]);
    expect(failed, 'no failed requests').toEqual([]);
  });

  test('the login page loads with its form', async ({ loginPage }) => {
    await loginPage.goto();
    await expect(loginPage.form).toBeVisible();
    await expect(loginPage.email).toBeVisible();
    await expect(loginPage.password).toBeVisible();
    await expect(loginPage.submit).toBeEnabled();
    await expect(loginPage.error).toBeHidden();
  });
});
