import { test, expect } from '../fixtures/test.ts';
import { phase } from '../fixtures/phases.ts';
import { knownProductBugs } from '../fixtures/caveats.ts';
import { defaultReply } from '../standins/llm/scenarios.ts';

test('journey: load → BotServer running → login → chat → logout', async ({ page, api, loginPage, desktopPage, workerUser, uniq, stack }) => {
  knownProductBugs(stack, 'noLoginRoute', 'logoutAlways401');
  await phase('load', async () => {
    await desktopPage.goto();
    await desktopPage.expectSignedOut();
  });
  await phase('botserver running', async () => {
    const health = await api.apiHealth();
    expect(health.status()).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy', database: true });
  });
  await phase('login', async () => {
    await desktopPage.loginButton.click();
    await loginPage.expectOnPage();
    await loginPage.login(workerUser.email, workerUser.password);
    await desktopPage.expectLoaded();
    await desktopPage.expectSignedIn();
  });
  await phase('first reply', async () => {
    await desktopPage.chat.expectConnected();
    const text = `journey message ${uniq}`;
    await desktopPage.chat.sendMessage(text);
    await desktopPage.chat.expectReply(defaultReply(text));
  });
  await phase('logout', async () => {
    const { local: token } = await desktopPage.storedToken();
    await desktopPage.signOut();
    expect((await (await api.me(token!)).json()).is_anonymous).toBe(true);
  });
});
