import { test, expect } from '../../fixtures/test.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectFitsScreenWidth, expectInsideScreen } from '../../fixtures/checks/layout-checks.ts';
import { expectDesktopLoaded, expectOnLoginPage } from '../../fixtures/checks/page-checks.ts';

// Run by the phone projects only (playwright.config.ts): a phone's viewport, touch and user agent.
test.describe('on a phone', () => {
  test('the login page and the chat fit the screen: no horizontal scroll, every control inside it', async ({
    page,
    loginPage,
    desktopPage,
    chatPage,
    isMobile,
    hasTouch,
  }) => {
    expect(
      { isMobile, hasTouch, narrow: (page.viewportSize()?.width ?? 0) < 500 },
      'this project emulates a phone',
    ).toEqual({ isMobile: true, hasTouch: true, narrow: true });
    await loginPage.goto();
    await expectOnLoginPage(loginPage);
    await expectFitsScreenWidth(page, 'the login page');
    // What a person taps: the Remember me label (botui hides the checkbox itself behind a styled box).
    await expectInsideScreen(
      page,
      loginPage
        .controls()
        .map((c) => (c.control === loginPage.remember ? { name: 'remember me', control: loginPage.rememberLabel } : c)),
    );

    await desktopPage.goto();
    await expectDesktopLoaded(desktopPage);
    await expectConnected(chatPage);
    await expectFitsScreenWidth(page, 'the desktop with the chat open');
    await expectInsideScreen(page, [
      { name: 'the message field', control: chatPage.input },
      { name: 'Send', control: chatPage.send },
    ]);
  });
});
