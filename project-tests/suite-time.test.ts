/** scripts/suite-time.ts cuts a run's wall clock into setup, tests and teardown, and adds the tests up per project and spec. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suiteTime } from '../scripts/suite-time.ts';

const at = (s: number) => new Date(Date.parse('2026-12-07T03:00:00.000Z') + s * 1000).toISOString();
const result = (startS: number, ms: number) => ({
  startTime: at(startS),
  duration: ms,
  workerIndex: 0,
  status: 'passed',
});

test('setup, tests and teardown from a report; projects and specs slowest first', () => {
  const report = {
    stats: { startTime: at(0), duration: 40_000 },
    config: { workers: 2 },
    suites: [
      {
        specs: [
          {
            file: 'chat.spec.ts',
            title: 'a reply',
            tests: [{ projectName: 'chromium', results: [result(8, 10_000)] }],
          },
        ],
        suites: [
          {
            specs: [
              {
                file: 'faults/faults.spec.ts',
                title: 'PostgreSQL stopped',
                tests: [{ projectName: 'faults', results: [result(8, 24_000)] }],
              },
              {
                file: 'chat.spec.ts',
                title: 'a held stream',
                tests: [{ projectName: 'chromium', results: [result(18, 2_000)] }],
              },
            ],
          },
        ],
      },
    ],
  };
  const md = suiteTime(report);
  assert.match(md, /\| global setup \(to the first test's start\) \| 8\.0 s \|/);
  assert.match(
    md,
    /\| the tests \(first start to last end\) \| 24\.0 s: 3 tests, 36\.0 s added up, 2 workers 75 % busy \|/,
  );
  assert.match(md, /\| global teardown \(from the last test's end\) \| 8\.0 s \|/);
  assert.match(
    md,
    /\| project \| tests \| time added up \| slowest \|\n\|---\|---\|---\|---\|\n\| faults \| 1 \| 24\.0 s \| 24\.0 s PostgreSQL stopped \|\n\| chromium \| 2 \| 12\.0 s \| 10\.0 s a reply \|/,
  );
  assert.match(md, /\| chromium chat\.spec\.ts \| 2 \| 12\.0 s \| 10\.0 s a reply \|/);
});
