/**
 * npm run bench -- [--runs N]
 * Runs the whole Playwright suite N times (local provider, reference platform, 2 workers) and prints the
 * medians of stack ready, teardown and the whole suite (wall clock) as JSON, from each run's stack-metrics.json.
 */
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { median } from '../lib/median.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const s: { ready: number[]; teardown: number[]; suite: number[] } = { ready: [], teardown: [], suite: [] };
for (let i = 0; i < runs; i++) {
  const t0 = Date.now();
  const r = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/@playwright/test/cli.js'), 'test', '--reporter=dot,./fixtures/metrics-reporter.ts'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, STACK_PROVIDER: 'local', E2E_WORKERS: '2' },
    },
  );
  const wall = Date.now() - t0;
  if (r.status !== 0) {
    process.stderr.write(`run ${i + 1} failed (exit ${r.status}); see the HTML report\n`);
    process.exit(1);
  }
  const m = JSON.parse(readFileSync(join(ROOT, 'test-results', 'stack-metrics.json'), 'utf8'));
  s.ready.push(m.stack['stack.ready']);
  s.teardown.push(m.stack.teardown);
  s.suite.push(wall);
  process.stderr.write(
    `run ${i + 1}/${runs}: stack ready ${m.stack['stack.ready']} ms, teardown ${m.stack.teardown} ms, suite ${wall} ms\n`,
  );
}
process.stdout.write(
  `${JSON.stringify({ runs, workers: 2, provider: 'local', platform: 'reference', medianMs: { stackReady: median(s.ready), teardown: median(s.teardown), wholeSuite: median(s.suite) } }, null, 2)}\n`,
);
