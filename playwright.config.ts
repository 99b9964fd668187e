import { defineConfig, devices } from '@playwright/test';
import { browserLaunchOptions } from './fixtures/browser.ts';
import { ConfigError } from './stack/errors.ts';
import { engineInstalled, type OtherEngine } from './fixtures/engines.ts';
import { scaled } from './fixtures/time-factor.ts';

const CI = !!process.env.CI;

function workers(): number {
  const raw = process.env.E2E_WORKERS;
  if (raw === undefined || raw.trim() === '') return 2;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    // One line and a clean exit: Playwright prints a code frame and a stack for an error thrown while loading this file.
    process.stderr.write(
      `${new ConfigError('E2E_WORKERS', `"${raw}" is not a positive whole number of workers; set it to e.g. 2 or unset it`).message}\n`,
    );
    process.exit(2);
  }
  return n;
}

// What a phone runs (kept small for CI time): the journey, the chat's held stream (not its LLM-failure variants,
// which the page shows the same way on any screen, nor its first and second turns: the phone's journey sends a
// message and checks its reply, drawn once and whole, and its saved turn; what the second turn adds is the server's),
// the accessibility scans, the phone layout, and the dialog specs. (The held stream, left out while it failed on HEAD
// at a phone's size in two runs of an earlier state, passed there 9 of 9 on 2026-11-30, 4 of them beside three CPU
// hogs.)
const PHONE_SPECS = [
  /journey\.spec\.ts/,
  /chat\.spec\.ts/,
  /accessibility\/axe\.spec\.ts/,
  /phone\/.*\.spec\.ts/,
  /bots\/(greeting|suggestions)\.spec\.ts/,
];
const PHONE_SKIPS =
  /an LLM failure|a message gets the reply the LLM stand-in streamed|the second turn carries the first/;
// The desktop suite (what the other engines run too); the accessibility specs and the phone layout have projects
// of their own.
const DESKTOP_IGNORE = [/faults\//, /accessibility\//, /phone\//, /conversations\//];

/**
 * A project of a few tests (accessibility, the phones) runs on one worker: a worker process is started per project
 * (about 2 s each on a loaded 2-core machine, its browser and worker fixtures included), and with two workers each
 * such project cost two starts. The other worker meanwhile runs the next project's tests (docs/benchmarks.md "Where
 * the suite's time goes": 8 worker processes a run instead of 11). These projects come before chromium, so that none
 * of them is what a run ends on.
 */
const SMALL_PROJECT = { workers: 1 };

/** Firefox and WebKit where Playwright's own build is installed; else one line saying why they do not run. */
function otherEngines() {
  const missing: string[] = [];
  const projects = (['firefox', 'webkit'] as OtherEngine[]).flatMap((name) => {
    const { installed, path } = engineInstalled(name);
    if (!installed) {
      missing.push(`${name} (${path || 'no path'})`);
      return [];
    }
    const device = name === 'firefox' ? devices['Desktop Firefox'] : devices['Desktop Safari'];
    return [{ name, testIgnore: [/faults\//, /phone\//, /conversations\//], use: { ...device, launchOptions: {} } }];
  });
  // Printed once, by the runner (workers read this file too).
  if (missing.length && !process.env.TEST_WORKER_INDEX) {
    console.error(
      `projects not run: ${missing.join(', ')}: Playwright's own browser is not installed on this machine (CI installs it: npx playwright install --with-deps firefox webkit)`,
    );
  }
  return projects;
}

/**
 * Nothing random is chosen here (this file is re-read by every worker): ports and URLs come from global setup.
 * Headed with HEADED=1 or --headed. Playwright's own Chromium when installed, else the machine's: its headless shell
 * for a headless run, /usr/bin/chromium for a headed one (fixtures/browser.ts).
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
  // A test's time holds the platform's deadlines (a turn's, a deploy's): it scales with them (E2E_TIME_FACTOR).
  timeout: scaled(30_000),
  expect: { timeout: 10_000, toPass: { timeout: 10_000 } },
  // The scrub reporter comes last: it removes the run's secrets from what the others wrote (issue 20).
  reporter: CI
    ? [
        ['list'],
        ['github'],
        ['html', { open: 'never' }],
        ['blob'],
        ['./fixtures/metrics-reporter.ts'],
        ['./fixtures/causes-reporter.ts'],
        ['./fixtures/verdict-reporter.ts'],
        ['./fixtures/conversations/coverage-reporter.ts'],
        ['./fixtures/artifacts/scrub-reporter.ts'],
      ]
    : [
        ['list'],
        ['html', { open: 'never' }],
        ['./fixtures/metrics-reporter.ts'],
        ['./fixtures/causes-reporter.ts'],
        ['./fixtures/verdict-reporter.ts'],
        ['./fixtures/conversations/coverage-reporter.ts'],
        ['./fixtures/artifacts/scrub-reporter.ts'],
      ],
  use: {
    // Every test is traced to keep a failed one's: its actions, DOM snapshots, network and console, without the
    // screencast's filmstrip (it cost 9 % of the run's CPU; without it the trace costs no measurable time, against
    // no trace at all: docs/benchmarks.md). The failure's screenshot is kept as well.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
    video: 'off',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    headless: process.env.HEADED === '1' ? false : undefined,
    launchOptions: browserLaunchOptions(),
  },
  projects: [
    // Faults seen from the user's side, each worker on a stack of its own (fixtures/fault-test.ts); the tests of
    // a file run in order in one worker. Not when attached to a running platform (BOTSERVER_URL): nothing to stop.
    // Playwright hands out tests in the projects' order: the projects that run on one worker come first (this serial
    // file: its own stack, a platform restart per test; then the small projects), while the other workers start on
    // the next ones, and the many tests of chromium and conversations end the run on every worker. (When they came
    // last, one worker ran the faults, 15 s, or a small project's tests, over 2 minutes on a build whose known bugs wait
    // out deadlines, with the others idle: docs/benchmarks.md "Where the suite's time goes".)
    ...(process.env.BOTSERVER_URL
      ? []
      : [
          {
            name: 'faults',
            testMatch: /faults\/.*\.spec\.ts/,
            fullyParallel: false,
            timeout: 150_000,
            use: { ...devices['Desktop Chrome'], launchOptions: browserLaunchOptions() },
          },
        ]),
    // Accessibility scans (axe-core) and the keyboard-only journey, on the desktop Chrome viewport.
    {
      name: 'accessibility',
      ...SMALL_PROJECT,
      testMatch: /accessibility\/.*\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions: browserLaunchOptions() },
    },
    // Phones: viewport, touch and user agent of a Pixel 7 and of an iPhone 14 — both on Chromium (the iPhone's
    // descriptor defaults to WebKit, which runs as a desktop engine below where it is installed).
    {
      name: 'phone',
      ...SMALL_PROJECT,
      testMatch: PHONE_SPECS,
      grepInvert: PHONE_SKIPS,
      use: { ...devices['Pixel 7'], launchOptions: browserLaunchOptions() },
    },
    {
      name: 'phone-iphone',
      ...SMALL_PROJECT,
      testMatch: [/journey\.spec\.ts/, /phone\/.*\.spec\.ts/],
      use: { ...devices['iPhone 14'], defaultBrowserType: 'chromium', launchOptions: browserLaunchOptions() },
    },
    // The desktop suite, after the projects above: its many tests, spread over every worker, end the run evenly.
    {
      name: 'chromium',
      testIgnore: DESKTOP_IGNORE,
      use: { ...devices['Desktop Chrome'], launchOptions: browserLaunchOptions() },
    },
    // Conversation files (docs/conversations.md): one test per conversation of the bot packages' `<name>.gbtest/`
    // folders (the project's bots/, E2E_BOT_PACKAGES', or the files of E2E_CONVERSATIONS), on the desktop viewport.
    {
      name: 'conversations',
      testMatch: /conversations\/conversations\.spec\.ts/,
      use: { ...devices['Desktop Chrome'], launchOptions: browserLaunchOptions() },
    },
    ...otherEngines(),
  ],
});
