import { defineConfig, devices } from '@playwright/test';
import { browserLaunchOptions } from './fixtures/browser.ts';

const CI = !!process.env.CI;

function workers(): number {
  const raw = process.env.E2E_WORKERS;
  if (raw === undefined || raw.trim() === '') return 2;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`E2E_WORKERS: "${raw}" is not a positive whole number of workers; set it to e.g. 2 or unset it`);
  return n;
}

/**
 * Nothing random is chosen here (this file is re-read by every worker): ports and URLs come from global setup.
 * Headed with HEADED=1 or --headed. Playwright's own Chromium when installed, else the machine's /usr/bin/chromium.
 */
export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  fullyParallel: true,
  forbidOnly: CI,
  retries: CI ? 2 : 0,
  // A retry may show a flake, never hide it: in CI a test that passes only on a retry fails the run.
  failOnFlakyTests: CI,
  workers: workers(),
  timeout: 30_000,
  expect: { timeout: 10_000, toPass: { timeout: 10_000 } },
  reporter: CI
    ? [['list'], ['github'], ['html', { open: 'never' }], ['blob'], ['./fixtures/metrics-reporter.ts'], ['./fixtures/causes-reporter.ts']]
    : [['list'], ['html', { open: 'never' }], ['./fixtures/metrics-reporter.ts'], ['./fixtures/causes-reporter.ts']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    headless: process.env.HEADED === '1' ? false : undefined,
    launchOptions: browserLaunchOptions(),
  },
  projects: [
    { name: 'chromium', testIgnore: /faults\//, use: { ...devices['Desktop Chrome'], launchOptions: browserLaunchOptions() } },
    // Faults seen from the user's side, each worker on a stack of its own (fixtures/fault-test.ts); the tests of
    // a file run in order in one worker. Not when attached to a running platform (BOTSERVER_URL): nothing to stop.
    ...(process.env.BOTSERVER_URL ? [] : [{
      name: 'faults', testMatch: /faults\/.*\.spec\.ts/, fullyParallel: false, timeout: 150_000,
      use: { ...devices['Desktop Chrome'], launchOptions: browserLaunchOptions() },
    }]),
  ],
});
