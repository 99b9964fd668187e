/**
 * The suite's config for one deliberately failing UI-login spec (project-tests/artifact-secrets.test.ts): every
 * artifact on (trace, screenshot), every reporter that writes files (HTML, JSON, blob) and the scrub reporter
 * last, all writing under ARTIFACT_SECRETS_DIR (a temp dir of the project test).
 */
import { defineConfig } from '@playwright/test';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import base from '../../playwright.config.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const OUT = process.env.ARTIFACT_SECRETS_DIR;
if (!OUT)
  throw new Error('ARTIFACT_SECRETS_DIR is not set: this config is run by project-tests/artifact-secrets.test.ts');

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: /failing-login\.spec\.ts$/,
  globalSetup: join(ROOT, 'global-setup.ts'),
  globalTeardown: join(ROOT, 'global-teardown.ts'),
  outputDir: join(OUT, 'test-results'),
  workers: 1,
  retries: 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: join(OUT, 'html-report') }],
    ['json', { outputFile: join(OUT, 'report.json') }],
    ['blob', { outputDir: join(OUT, 'blob-report') }],
    [join(ROOT, 'fixtures', 'artifacts', 'scrub-reporter.ts')],
  ],
  use: { ...base.use, trace: 'on', screenshot: 'on' },
  projects: [{ name: 'chromium', use: base.projects![0]!.use }],
});
