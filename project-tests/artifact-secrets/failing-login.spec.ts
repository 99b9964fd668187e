/**
 * Fails on purpose after a UI login (run only by project-tests/artifact-secrets.test.ts): the password typed into
 * the form, the login request and answer, the token in the page's requests, a token quoted in the failure and a
 * careless log line all pass through the run's artifacts. Writes the secrets it knows to ARTIFACT_SECRETS_OUT
 * (outside the artifacts) for the project test to search for.
 */
import { writeFileSync } from 'node:fs';
import { test, expect } from '../../fixtures/test.ts';
import { expectDesktopLoaded } from '../../fixtures/checks/page-checks.ts';

test('a UI login, then a failure quoting a token', async ({ loginPage, desktopPage, api, stack, workerUser }) => {
  await loginPage.goto();
  await loginPage.login(workerUser.email, workerUser.password);
  await expectDesktopLoaded(desktopPage);
  await expect.poll(() => loginPage.storedToken(), { message: 'the page stored the token' }).not.toBeNull();
  const uiToken = (await loginPage.storedToken())!;
  // The page sends it on its own requests (Authorization), which the trace's network log keeps.
  await desktopPage.page.evaluate(() => fetch('/api/auth/me').then((r) => r.text()));
  const apiToken = (await api.loginOk(workerUser.email, workerUser.password)).access_token;
  writeFileSync(
    process.env.ARTIFACT_SECRETS_OUT!,
    JSON.stringify({ secrets: [workerUser.password, uiToken, apiToken, ...stack.secrets] }),
  );
  console.log(`careless log line: logged in as ${workerUser.email} with ${workerUser.password}, token ${apiToken}`);
  expect(apiToken, 'fails on purpose, quoting the token').toBe('not this token');
});
