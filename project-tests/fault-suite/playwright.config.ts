/**
 * A small suite for the fault tests (project-tests/suite-faults.test.ts): the real global setup, teardown and
 * fixtures, with specs that wait, crash BotServer or kill a stand-in on purpose. Not part of the product suite.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  ...base,
  testDir: here('.'),
  globalSetup: here('../../global-setup.ts'),
  globalTeardown: here('../../global-teardown.ts'),
  outputDir: process.env.FAULT_DIR ? `${process.env.FAULT_DIR}/test-results` : undefined,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  use: { ...base.use, trace: 'off', screenshot: 'off' },
});
