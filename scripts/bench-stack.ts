/**
 * npm run bench:stack -- [--runs N] [--provider local|containers|auto] [--platform]
 * Starts and stops the TemporaryStack N times and prints per-phase medians (each service ready, all ready,
 * teardown) as JSON on stdout. Without --platform only the services and stand-ins start.
 */
import { parseArgs } from 'node:util';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig, parseProvider } from '../stack/config.ts';
import { median } from '../lib/median.ts';
import { findsBotsAtRuntime } from '../fixtures/build-probe.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    provider: { type: 'string', default: 'local' },
    platform: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
const provider = parseProvider(values.provider!, '--provider');
const samples: Record<string, number[]> = {};
for (let i = 0; i < runs; i++) {
  const stack = await TemporaryStack.start({
    config: loadConfig({ ...process.env, STACK_PROVIDER: provider }),
    platform: values.platform,
    findsBotsAtRuntime,
    log: () => undefined,
  });
  await stack.shutdown();
  for (const [k, v] of Object.entries(stack.state.timings)) (samples[k] ??= []).push(v);
  process.stderr.write(
    `run ${i + 1}/${runs}: ready ${stack.state.timings['stack.ready']} ms, teardown ${stack.state.timings.teardown} ms\n`,
  );
}
const medians = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
process.stdout.write(`${JSON.stringify({ provider, runs, platform: values.platform, medianMs: medians }, null, 2)}\n`);
