import { test, expect } from '../../fixtures/test.ts';

test('BotServer dies during this test', async ({ stack, api }) => {
  process.kill(stack.platformPid!, 'SIGKILL');
  await expect
    .poll(
      async () =>
        await api.health().then(
          (r) => r.status(),
          () => 0,
        ),
    )
    .toBe(0);
});

test('a later test fails fast', async ({ api }) => {
  expect((await api.health()).status()).toBe(200);
});
