import { test, expect } from '../fixtures/test.ts';
import { knownBug } from '../fixtures/caveats.ts';
import { DESKTOP_TITLE } from '../fixtures/pages/desktop-page.ts';
import { expectConnected } from '../fixtures/checks/chat-checks.ts';
import { expectDesktopLoaded, expectOnLoginPage, expectSignedOut } from '../fixtures/checks/page-checks.ts';

test.describe('platform load', () => {
  test('the desktop loads with its title, its scripts and styles, no console error and no failed request', async ({
    page,
    desktopPage,
    chatPage,
    stack,
  }) => {
    // Judged on the platform's own origin: tests reach no other host, so what the page asks of the outside
    // world (a CDN, web fonts) cannot load here; it is listed in an annotation instead.
    const own = (url: string) => !/^https?:/.test(url) || new URL(url).origin === new URL(stack.uiUrl).origin;
    const consoleErrors: string[] = [];
    const failed: string[] = [];
    const outside = new Set<string>();
    const assets: { url: string; status: number; type: string }[] = [];
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      if (own(m.location().url || stack.uiUrl)) consoleErrors.push(`${m.text()} (${m.location().url || 'no URL'})`);
      else outside.add(m.location().url);
    });
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    page.on('requestfailed', (r) => {
      if (own(r.url())) failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`);
      else outside.add(r.url());
    });
    page.on('response', (r) => {
      const type = r.request().resourceType();
      if (type === 'script' || type === 'stylesheet') assets.push({ url: r.url(), status: r.status(), type });
    });

    const response = await desktopPage.goto();
    expect(response?.status()).toBe(200);
    expect(await response!.text()).toContain(`<title>${DESKTOP_TITLE}</title>`);
    // The chat opens maximized over the desktop, so the button is judged by its label, not its visibility.
    await expectDesktopLoaded(desktopPage);
    await expectSignedOut(desktopPage);
    await expectConnected(chatPage);

    expect(assets.filter((a) => a.type === 'script').length, 'the desktop loads scripts').toBeGreaterThan(0);
    expect(assets.filter((a) => a.type === 'stylesheet').length, 'the desktop loads styles').toBeGreaterThan(0);
    expect(
      assets.filter((a) => a.status !== 200),
      'every script and style answers 200',
    ).toEqual([]);
    await knownBug(stack, 'botConfigRouteMissing', {
      intended: async () => expect(consoleErrors, 'no console errors').toEqual([]),
      symptom: async () => {
        expect(consoleErrors, "the one console error is GET /api/bot/config's 404").toEqual([
          expect.stringMatching(/status of 404 .*\/api\/bot\/config\?bot_name=default\)$/),
        ]);
        return `the console's one error: ${consoleErrors[0]!.replace(/http:\/\/127\.0\.0\.1:\d+/, '')}`;
      },
    });
    expect(failed, 'no failed requests').toEqual([]);
    if (outside.size)
      test.info().annotations.push({
        type: 'requests outside the platform (not loadable in tests)',
        description: [...outside].join(' '),
      });
  });

  test('the login page loads with its form', async ({ loginPage }) => {
    await loginPage.goto();
    await expectOnLoginPage(loginPage);
    await expect(loginPage.email).toBeVisible();
    await expect(loginPage.password).toBeVisible();
    await expect(loginPage.submit).toBeEnabled();
    await expect(loginPage.error).toBeHidden();
  });
});
