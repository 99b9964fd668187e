/**
 * Late is not never (issue 38, item 3): on a slow platform (mutation slow-turn: every turn's frames come 12 s late,
 * past the chat checks' 10 s) the reply and dialog checks say what came late and by how much, not that it is absent
 * (slow-final-frame: a turn whose final frame came late says so);
 * the run's header says how loaded the machine was and that the failures are timing failures; with E2E_TIME_FACTOR=2
 * the same tests pass. A loaded machine's reads (slow-reads) do not turn a recorded symptom into a new bug. And the
 * pure parts: the late look, the grouping, the header's lines.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertRunShows, runSuite } from './helpers.ts';
import { reportedRun, testsOf } from './seeded-run.ts';
import { CAME_LATE, groupByCause } from '../fixtures/first-cause.ts';
import { lookOnceMore } from '../fixtures/checks/late-look.ts';
import { loadLine, timingLine, type LoadSample } from '../fixtures/run-load.ts';
import { idleMedians, keepIfIdle } from '../fixtures/idle-phases.ts';
import { tempDir } from './helpers.ts';
import { join } from 'node:path';

const SPECS = [
  'tests/chat.spec.ts',
  'tests/bots/my-bot.spec.ts',
  '--project=chromium',
  '-g',
  'a message gets the reply the LLM stand-in streamed|my bot greets a new visitor',
];
const slow = (factor: string) =>
  runSuite(
    ['--reporter=line,./fixtures/causes-reporter.ts', ...SPECS],
    { REFERENCE_MUTATIONS: 'slow-turn', E2E_TIME_FACTOR: factor, E2E_WORKERS: '2' },
    true,
  );

test(
  "a slow platform: the reply and the bot's messages are reported late, not absent, and the header says so; E2E_TIME_FACTOR=2 passes them",
  { timeout: 600_000 },
  async () => {
    const [late, scaled] = await Promise.all([slow('1'), slow('2')]);
    assert.equal(late.code, 1, `red at the default deadline:\n${late.out.slice(-3000)}`);
    assertRunShows(late.out, /2 failed/);
    assertRunShows(
      late.out,
      /the reply "Stand-in reply: hello bot \w+" appeared \d+\.\d s after the deadline \(10 s\): late, not absent/,
    );
    assertRunShows(
      late.out,
      /the bot's messages became \["Welcome to the e2e greet bot","Stand-in reply: hello \w+"\] \d+\.\d s after the deadline \(10 s\): late, not absent/,
    );
    assert.doesNotMatch(
      late.out,
      /Error: (the reply .* did not appear|the bot's messages are not \[)/,
      'never "absent"',
    );
    assert.match(
      late.out,
      /Machine load: \d+\.\d on \d+ cores \(\d+\.\d per core(, overloaded)?\); slowest stack phase \S+ \d+ ms from the stack's start \([^)]*\); E2E_TIME_FACTOR 1/,
    );
    assert.ok(
      late.out.includes(`- ${CAME_LATE}: 2 tests`),
      `one group of the late failures:\n${late.out.slice(-2500)}`,
    );
    assert.match(late.out, /2 of the 2 failures are timing failures/);
    assert.equal(scaled.code, 0, `green with E2E_TIME_FACTOR=2:\n${scaled.out.slice(-3000)}`);
    assert.match(scaled.out, /2 passed/);
    assert.match(scaled.out, /E2E_TIME_FACTOR 2/);
  },
);

test(
  'a final frame that comes late: the reply is shown in time, and its turn is said to have ended late, not never',
  { timeout: 300_000 },
  async () => {
    const r = await runSuite(
      [
        '--reporter=line,./fixtures/causes-reporter.ts',
        ...SPECS.slice(0, 1),
        ...SPECS.slice(2, 4),
        'a message gets the reply the LLM stand-in streamed',
      ],
      { REFERENCE_MUTATIONS: 'slow-final-frame', E2E_TIME_FACTOR: '1' },
      true,
    );
    assert.equal(r.code, 1, `red at the default deadline:\n${r.out.slice(-3000)}`);
    assertRunShows(
      r.out,
      /the turn of the reply "Stand-in reply: hello bot \w+" ended late: its final frame came \d+\.\d s after the deadline \(10 s\): late, not absent/,
    );
    assert.doesNotMatch(r.out, /Error: the turn of .* did not end/, 'never "did not end"');
    assert.match(r.out, /1 of the 1 failure is a timing failure/);
  },
);

test(
  "a loaded machine's reads (slow-reads: several network chunks read as one) on HEAD's profile: the split-text spec's cut lines partly survive, and it still ends as streamLosesPieces with what reached the page",
  { timeout: 180_000 },
  async () => {
    const r = await reportedRun(['tests/chat-split-text.spec.ts'], {
      REFERENCE_PROFILE: 'head',
      REFERENCE_MUTATIONS: 'slow-reads',
    });
    assert.equal(r.code, 0, `the recorded symptom, not a new bug:\n${r.out.slice(-3000)}`);
    const seen = testsOf(r.report).flatMap((t) =>
      t.annotations.map((a) => a.description ?? '').filter((d) => d.startsWith('streamLosesPieces')),
    );
    assert.match(
      seen[0] ?? '',
      /^streamLosesPieces — pieces lost \(.*some read together\): \d+ of the answer's \d+ characters reached the page$/,
      `the symptom seen with pieces that reached the page: ${JSON.stringify(seen)}`,
    );
  },
);

test('the late look: what passes on the second look is said late with how late; what never passes is left to the absent message', async () => {
  let calls = 0;
  const line = await lookOnceMore({
    said: 'the turn of x ended late: its final frame came',
    deadlineMs: 10_000,
    again: async (t) => {
      calls++;
      assert.equal(t, 10_000);
    },
  });
  assert.match(
    line ?? '',
    /^the turn of x ended late: its final frame came 0\.\d s after the deadline \(10 s\): late, not absent$/,
  );
  assert.equal(calls, 1, 'one look, no retries');
  assert.equal(
    await lookOnceMore({
      said: 'x appeared',
      deadlineMs: 100,
      again: async () => {
        throw new Error('still not');
      },
    }),
    undefined,
  );
});

test('late failures are one group, and the header says the load and, on an overloaded machine, that they are timing failures', () => {
  const failed = [
    {
      title: 'a',
      message:
        'Error: the reply "Stand-in reply: a 0123456789ab" appeared 2.3 s after the deadline (10 s): late, not absent\n  the chat shows:',
    },
    {
      title: 'b',
      message: 'Error: the bot\'s messages became ["W"] 4.0 s after the deadline (10 s): late, not absent',
    },
    { title: 'c', message: 'Error: the reply "x" did not appear\n  the chat shows:' },
  ];
  const groups = groupByCause(failed);
  assert.deepEqual(groups.find((g) => g.cause === CAME_LATE)?.tests, ['a', 'b']);
  const busy: LoadSample = {
    loads: [3, 14],
    cores: 2,
    stack: { 'platform.ready': 5200, 'postgres.ready': 900, teardown: 9000 },
    idle: { 'platform.ready': 1900 },
    factor: 1,
  };
  assert.equal(
    loadLine(busy),
    "Machine load: 14.0 on 2 cores (7.0 per core, overloaded); slowest stack phase platform.ready 5200 ms from the stack's start (idle median 1900 ms, ×2.7); E2E_TIME_FACTOR 1",
  );
  assert.match(
    timingLine(
      failed.map((f) => f.message),
      busy,
    ) ?? '',
    /^2 of the 3 failures are timing failures .*on an overloaded machine \(7\.0 per core\): rerun idle/,
  );
  assert.match(
    timingLine(
      failed.map((f) => f.message),
      { ...busy, loads: [1] },
    ) ?? '',
    /the machine was not overloaded \(0\.5 per core\): the platform itself was slow/,
  );
  assert.equal(timingLine([failed[2]!.message], busy), undefined);
  assert.match(loadLine({ ...busy, idle: undefined, stack: {} }), /no stack phase timed/);
});

test("the idle record of the stack's phases: kept from idle runs only (the newest 5), each phase's median read back for the header", () => {
  const file = join(tempDir('idle-phases-'), 'idle.json');
  assert.equal(idleMedians(file), undefined, 'none recorded: no comparison');
  assert.equal(keepIfIdle({ 'platform.ready': 99_000 }, 2.5, file), false, 'a loaded run is not idle');
  assert.equal(keepIfIdle({}, 0.2, file), false, 'an attached run timed no stack');
  for (const ms of [9000, 1000, 2000, 3000, 4000, 5000])
    assert.equal(keepIfIdle({ 'platform.ready': ms, 'postgres.ready': 500 }, 0.4, file), true);
  assert.deepEqual(
    idleMedians(file),
    { 'platform.ready': 3000, 'postgres.ready': 500 },
    'the newest 5 (9000 dropped), their medians',
  );
  const line = loadLine({
    loads: [12],
    cores: 2,
    stack: { 'platform.ready': 9000 },
    idle: idleMedians(file),
    factor: 1,
  });
  assert.match(
    line,
    /slowest stack phase platform\.ready 9000 ms from the stack's start \(idle median 3000 ms, ×3\.0\)/,
  );
});
