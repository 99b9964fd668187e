import { test, expect } from '../../fixtures/test.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectNamedBeyondPlaceholder, nameSources } from '../../fixtures/checks/control-names.ts';

/**
 * Controls a screen reader names by their own name, not by a placeholder that is gone once something is typed
 * (issue 30; WCAG 4.1.2). The page objects find these controls by their name, or, where it is lost, by what is left
 * (the login fields by their type), so that the other specs go on and this spec alone says the name is lost and
 * where a name comes from.
 */
test.describe('every control is named beyond its placeholder (WCAG 4.1.2)', () => {
  test("the login page's e-mail and password fields", async ({ loginPage }) => {
    await loginPage.goto();
    await expectNamedBeyondPlaceholder(loginPage.email, 'the e-mail field');
    await expectNamedBeyondPlaceholder(loginPage.password, 'the password field');
  });

  test("the chat's message box and Send", async ({ desktopPage, chatPage, stack }) => {
    await desktopPage.goto();
    await expectConnected(chatPage);
    await expectNamedBeyondPlaceholder(chatPage.send, 'Send');
    await knownBug(stack, 'messageBoxNamedByPlaceholder', {
      intended: () => expectNamedBeyondPlaceholder(chatPage.input, 'the message box'),
      symptom: async () => {
        expect(await nameSources(chatPage.input), 'no name but its placeholder').toBe('none');
        await expect(chatPage.input, 'its placeholder is its only name').toHaveAttribute('placeholder', /^Message/);
        return `the message box is named by its placeholder alone (${JSON.stringify(await chatPage.input.getAttribute('placeholder'))})`;
      },
    });
  });
});
