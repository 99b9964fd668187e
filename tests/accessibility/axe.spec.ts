import { test, expect } from '../../fixtures/test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { expectNoSeriousViolations, type KnownViolation } from '../../fixtures/checks/accessibility.ts';
import { expectConnected, expectReply } from '../../fixtures/checks/chat-checks.ts';
import { expectDesktopLoaded, expectOnLoginPage } from '../../fixtures/checks/page-checks.ts';
import type { DesktopPage } from '../../fixtures/pages/desktop-page.ts';

// WCAG 2.0/2.1 A and AA (axe-core): no serious or critical violation; on PRE and HEAD the violations measured
// through botui (contract §11.8) are known bugs checked by rule, impact and exactly the elements named.
const titleBar = (desktop: DesktopPage): KnownViolation =>
  ({ caveat: 'titleBarButtonsUnnamed', rule: 'button-name', impact: 'critical', elements: desktop.chatWindow.locator('.btn-minimize, .btn-maximize, .btn-close') });

test.describe('accessibility scans (axe-core, WCAG 2.1 A and AA)', () => {
  test('the login page has no serious or critical violation', async ({ loginPage, stack }) => {
    await loginPage.goto();
    await expectOnLoginPage(loginPage);
    await expectNoSeriousViolations(stack, loginPage.page, 'login page', [
      { caveat: 'passwordToggleUnnamed', rule: 'button-name', impact: 'critical', elements: loginPage.passwordToggle },
      { caveat: 'forgotLinkLowContrast', rule: 'color-contrast', impact: 'serious', elements: loginPage.forgotLink },
    ]);
  });

  test('the desktop, and the chat with a message and its reply, have no serious or critical violation', async ({ desktopPage, chatPage, llm, uniq, stack }) => {
    await desktopPage.goto();
    await expectDesktopLoaded(desktopPage);
    await expectConnected(chatPage);
    await expectNoSeriousViolations(stack, desktopPage.page, 'desktop with the chat open', [titleBar(desktopPage)]);

    const text = `accessible chat ${uniq}`;
    await chatPage.sendMessage(text);
    await expectReply(chatPage, defaultReply(text), llm, uniq);
    // Scanned only once the server has ended the turn: nothing of it is still being drawn.
    await expect.poll(() => chatPage.endedTurns(), { message: 'the server ended the turn' }).toBeGreaterThanOrEqual(1);
    await expectNoSeriousViolations(stack, desktopPage.page, 'chat with a message and its reply', [titleBar(desktopPage)]);
  });
});
