/**
 * The browser the suite launches (fixtures/browser.ts): on a machine without Playwright's own Chromium, a headless
 * run gets Debian's headless shell (about half the CPU of the full browser run headless: docs/benchmarks.md) and a
 * headed run the full Chromium; and the shell, launched with the suite's flags, draws a page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { browserLaunchOptions, playwrightsOwnChromium } from '../fixtures/browser.ts';

const SHELL = '/usr/bin/chromium-headless-shell';
const FULL = '/usr/bin/chromium';

const skip = playwrightsOwnChromium()
  ? "Playwright's own Chromium is installed: it picks its headless shell itself"
  : !existsSync(SHELL) || !existsSync(FULL)
    ? `needs ${SHELL} and ${FULL} (bash scripts/setup.sh installs both)`
    : false;

test('headless: the headless shell; headed: the full Chromium', { skip }, () => {
  assert.equal(browserLaunchOptions(false).executablePath, SHELL);
  assert.equal(browserLaunchOptions(true).executablePath, FULL);
});

test("the headless shell, launched with the suite's flags, draws a page", { skip }, async () => {
  const browser = await chromium.launch({
    executablePath: SHELL,
    args: browserLaunchOptions(false).args,
    headless: true,
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<h1 id="t">drawn</h1>');
    assert.equal(await page.locator('#t').textContent(), 'drawn');
  } finally {
    await browser.close();
  }
});
