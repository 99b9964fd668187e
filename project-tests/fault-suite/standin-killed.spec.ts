import { test, expect } from '../../fixtures/test.ts';

test('the LLM stand-in dies during this test', async ({ stack }) => {
  process.kill(stack.processes!.llm!, 'SIGKILL');
  await expect
    .poll(async () =>
      fetch(`${stack.llmUrl}/v1/models`).then(
        (r) => r.status,
        () => 0,
      ),
    )
    .toBe(0);
});
