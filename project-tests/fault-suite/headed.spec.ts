import { test, expect } from '@playwright/test';

// Run headed (HEADED=1) by project-tests/headed.test.ts: a headed Chromium does not call itself HeadlessChrome.
test('the browser runs headed', async ({ page, headless }) => {
  expect(headless).toBe(false);
  await page.setContent('<h1>headed</h1>');
  expect(await page.evaluate(() => navigator.userAgent)).not.toContain('Headless');
});
