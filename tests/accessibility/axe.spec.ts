import { test, expect } from '../../fixtures/test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import {
  expectNoSeriousViolations,
  expectStylesSettled,
  type KnownViolation,
} from '../../fixtures/checks/accessibility.ts';
import { expectConnected, expectReply } from '../../fixtures/checks/chat-checks.ts';
import { expectDesktopLoaded, expectOnLoginPage } from '../../fixtures/checks/page-checks.ts';
import type { DesktopPage } from '../../fixtures/pages/desktop-page.ts';
import type { ChatPage } from '../../fixtures/pages/chat-page.ts';

// WCAG 2.0/2.1 A and AA (axe-core): no serious or critical violation; on PRE and HEAD the violations measured
// through botui (contract §11.8) are known bugs checked by rule, impact and exactly the elements named.
const titleBar = (desktop: DesktopPage): KnownViolation => ({
  caveat: 'titleBarButtonsUnnamed',
  rule: 'button-name',
  impact: 'critical',
  elements: desktop.titleBarButtonGroup,
});

/** botui's theme accent (#3b82f6), measured on the window title and the user's bubble. */
const THEME_BLUE = 'rgb(59, 130, 246)';
// botui's theme (when its theme manager applies it) gives the window title and the user's bubble too little contrast.
const themed = (desktop: DesktopPage, chat: ChatPage): KnownViolation => ({
  caveat: 'themeLowContrast',
  rule: 'color-contrast',
  impact: 'serious',
  elements: desktop.windowTitle.or(chat.userBubbles),
});

test.describe('accessibility scans (axe-core, WCAG 2.1 A and AA)', () => {
  test('the login page has no serious or critical violation', async ({ loginPage, stack }) => {
    await loginPage.goto();
    await expectOnLoginPage(loginPage);
    await expectNoSeriousViolations(stack, loginPage.page, 'login page', [
      { caveat: 'passwordToggleUnnamed', rule: 'button-name', impact: 'critical', elements: loginPage.passwordToggle },
      { caveat: 'forgotLinkLowContrast', rule: 'color-contrast', impact: 'serious', elements: loginPage.forgotLink },
    ]);
  });

  test('the desktop with the chat, a message and its reply has no serious or critical violation', async ({
    desktopPage,
    chatPage,
    llm,
    uniq,
    stack,
  }) => {
    await desktopPage.goto();
    await expectDesktopLoaded(desktopPage);
    await expectConnected(chatPage);

    const text = `accessible chat ${uniq}`;
    await chatPage.sendMessage(text);
    await expectReply(chatPage, defaultReply(text), llm, uniq);
    // Scanned only once the server has ended the turn: nothing of it is still being drawn.
    await expect.poll(() => chatPage.endedTurns(), { message: 'the server ended the turn' }).toBeGreaterThanOrEqual(1);
    await expectStylesSettled(desktopPage.page, 'the desktop');
    // botui's theme manager gives the chat its accent blue in about half the runs (a race in it): its contrast
    // bug is in play only when the blue is.
    const colour = await desktopPage.windowTitleColour();
    const theme = colour === THEME_BLUE;
    if (!theme)
      test.info().annotations.push({
        type: 'not checked',
        description: `themeLowContrast: the window title is ${colour}, not the theme's blue, in this run`,
      });
    await expectNoSeriousViolations(stack, desktopPage.page, 'desktop with the chat, a message and its reply', [
      titleBar(desktopPage),
      ...(theme ? [themed(desktopPage, chatPage)] : []),
    ]);
  });
});
