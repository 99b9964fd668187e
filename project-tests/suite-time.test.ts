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

test('idle worker slots: before the first test, starting a new worker, between tests, and the tail', () => {
  const run = (startS: number, ms: number, workerIndex: number, parallelIndex: number) => ({
    ...result(startS, ms),
    workerIndex,
    parallelIndex,
  });
  const report = {
    stats: { startTime: at(0), duration: 40_000 },
    config: { workers: 2 },
    suites: [
      {
        specs: [
          {
            file: 'a.spec.ts',
            title: 'a',
            // Slot 0: worker 0 runs 5–10 s and 11–15 s; worker 2 (a new project) 17–30 s.
            tests: [{ projectName: 'chromium', results: [run(5, 5_000, 0, 0), run(11, 4_000, 0, 0)] }],
          },
          { file: 'b.spec.ts', title: 'b', tests: [{ projectName: 'phone', results: [run(17, 13_000, 2, 0)] }] },
          // Slot 1: worker 1 runs 6–20 s, then nothing: 10 s of tail.
          { file: 'c.spec.ts', title: 'c', tests: [{ projectName: 'chromium', results: [run(6, 14_000, 1, 1)] }] },
        ],
      },
    ],
  };
  const md = suiteTime(report);
  assert.match(md, /\| before a slot's first test \| 1\.0 s \|/);
  assert.match(md, /\| starting a new worker \(3 worker processes\) \| 2\.0 s \|/);
  assert.match(md, /\| between two tests of one worker \| 1\.0 s \|/);
  assert.match(md, /\| the tail: a slot done while another still runs \| 10\.0 s \|/);
});
