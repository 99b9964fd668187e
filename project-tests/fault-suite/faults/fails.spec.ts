import { test, expect } from '../../../fixtures/fault-test.ts';

// A fault test that fails on purpose (project `faults`, a stack of its own): KEEP_TEMP_STACK_ON_ERROR must keep
// that stack and say where (project-tests/suite-faults.test.ts).
test('fails on purpose with a stack of its own', async ({ api }) => {
  expect((await api.health()).status()).toBe(200);
  expect('the outcome', 'this test fails on purpose').toBe('another outcome');
});
