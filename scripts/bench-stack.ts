/**
 * npm run bench:stack -- [--runs N] [--provider local|containers|auto] [--platform]
 * Starts and stops the TemporaryStack N times and prints per-phase medians (each service ready, all ready,
 * teardown) as JSON on stdout. Without --platform only the services and stand-ins start.
 */
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig, parseProvider } from '../stack/config.ts';
import { median } from '../lib/median.ts';
import { findsBotsAtRuntime } from '../fixtures/build-probe.ts';
import { cliArgs } from '../lib/cli.ts';

const USAGE = 'npm run bench:stack -- [--runs N] [--provider local|containers|auto] [--platform]';
const { values } = cliArgs('bench-stack', USAGE, {
  options: {
    runs: { type: 'string', default: '5' },
    provider: { type: 'string', default: 'local' },
    platform: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bench-stack: --runs "${values.runs}" must be a whole number from 1\nusage: ${USAGE}\n`);
  process.exit(2);
}
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
