import { test, expect } from '../../fixtures/test.ts';
import { processAlive } from '../../stack/process-alive.ts';

test('BotServer dies during this test', async ({ stack, api }) => {
  const pid = stack.platformPid!;
  process.kill(pid, 'SIGKILL');
  await expect
    .poll(
      async () =>
        await api.health().then(
          (r) => r.status(),
          () => 0,
        ),
    )
    .toBe(0);
  // Its port closes before the kernel has finished its exit (a loaded machine shows the gap): the test holds until
  // the process is gone, as the fixture's check after the test will see it.
  await expect.poll(() => processAlive(pid)).toBe(false);
});

test('a later test fails fast', async ({ api }) => {
  expect((await api.health()).status()).toBe(200);
});
