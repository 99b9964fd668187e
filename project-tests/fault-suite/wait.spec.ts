import { writeFileSync, existsSync } from 'node:fs';
import { test, expect } from '../../fixtures/test.ts';

// Marks that a test is running, then waits for a release file (or the runner being interrupted).
test('waits while the harness interrupts the runner', async ({ api }) => {
  const dir = process.env.FAULT_DIR!;
  expect((await api.health()).status()).toBe(200);
  writeFileSync(`${dir}/started`, String(process.pid));
  await expect.poll(() => existsSync(`${dir}/release`), { timeout: 60_000 }).toBe(true);
});
