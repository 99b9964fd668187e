/**
 * The build probe's choice of record (fixtures/build-probe.ts) and its measurement (fixtures/build-traits.ts), over
 * every record: a build measured exactly as a record is gets that record with all six traits agreeing, over HTTP
 * and a websocket turn (project-tests/fake-build.ts) as well as from the traits alone; a build one trait away from
 * a record gets a record that agrees with the most, counted here apart from the probe's own count (an inverted
 * comparison of any trait turns these red). A build the probe could measure only in part says how many traits and
 * why not the rest, and is judged by no record's caveats when too few were measured to choose one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MEASURED_TRAITS,
  buildRecord,
  realBuildRecords,
  type BuildRecord,
  type BuildTraits,
  type MeasuredTrait,
} from '../builds/records.ts';
import { measuredSentence, nearestRecord, probeBuild } from '../fixtures/build-probe.ts';
import { fakeBuild } from './fake-build.ts';

type Six = Pick<BuildTraits, MeasuredTrait>;
const six = (r: BuildRecord): Six => Object.fromEntries(MEASURED_TRAITS.map((t) => [t, r.traits[t]])) as Six;
/** How many of the measured traits `r` agrees with, counted here (not by the probe). */
const agreeing = (r: BuildRecord, measured: Partial<Six>) =>
  (Object.keys(measured) as MeasuredTrait[]).filter((t) => measured[t] === r.traits[t]).length;
const flipped = (traits: Six, t: MeasuredTrait): Six => ({
  ...traits,
  [t]: typeof traits[t] === 'boolean' ? !traits[t] : traits[t] === 'anonymous' ? 'authenticated' : 'anonymous',
});

test("every record's six traits pick that record, 6 of 6 agreeing; one trait away, a record agreeing with the most is picked, with the count that agrees", () => {
  const records = realBuildRecords();
  assert.ok(records.length >= 3, 'the shipped real records');
  for (const record of records) {
    const near = nearestRecord(records, six(record));
    assert.deepEqual(
      [near.record.name, near.agree, near.of],
      [record.name, 6, 6],
      `a build measured exactly as ${record.name}'s record: picked ${near.record.name}, ${near.agree} of ${near.of} agreeing`,
    );
    for (const t of MEASURED_TRAITS) {
      const measured = flipped(six(record), t);
      const best = Math.max(...records.map((r) => agreeing(r, measured)));
      const got = nearestRecord(records, measured);
      assert.equal(
        got.agree,
        agreeing(got.record, measured),
        `${record.name} with ${t} flipped: the probe says ${got.record.name} agrees on ${got.agree} of 6; counted here: ${agreeing(got.record, measured)}`,
      );
      assert.equal(
        got.agree,
        best,
        `${record.name} with ${t} flipped: the probe picked ${got.record.name} (${got.agree} agreeing), but ${records
          .filter((r) => agreeing(r, measured) === best)
          .map((r) => r.name)
          .join(', ')} agree on ${best}`,
      );
    }
  }
});

test(
  'a fake build measuring all six traits as each record says, under a commit no record holds, is judged by that record: 6 of 6 measured, none differs',
  { timeout: 60_000 },
  async () => {
    for (const record of realBuildRecords()) {
      const fake = await fakeBuild('feedfacecafe0001', six(record));
      try {
        const { build } = await probeBuild(fake.url, fake.url);
        assert.equal(
          build.name,
          record.name,
          `a fake with ${record.name}'s traits was judged by ${build.name}: ${build.decidedBy}\n${build.seen.join('\n')}`,
        );
        assert.deepEqual(
          build.differs,
          [],
          `a fake with ${record.name}'s traits was measured otherwise than that record; what the probe saw:\n${build.seen.join('\n')}`,
        );
        assert.match(
          build.decidedBy,
          new RegExp(`nearest record ${record.name} .*: 6 of 6 measured traits agree`),
          build.decidedBy,
        );
      } finally {
        await fake.close();
      }
    }
  },
);

test(
  'a build whose GET /api/auth answers 404: "2 of 6 traits measured (the rest need GET /api/auth, which answered 404)", nearest record unsure, judged by no record\'s caveats',
  { timeout: 60_000 },
  async () => {
    const head = buildRecord('head');
    const fake = await fakeBuild('feedfacecafe0002', six(head), { authAnswers: 404 });
    try {
      const { build } = await probeBuild(fake.url, fake.url);
      assert.match(
        build.decidedBy,
        /^BotServer commit feedfacecafe0002: not recorded; 2 of 6 traits measured \(the rest need GET \/api\/auth, which answered 404\); nearest record head \(HEAD, f59afde5\), unsure: 2 of 2 measured traits agree \(so do 4976864a's\) → no record's caveats: its failures are reported as they are/,
        build.decidedBy,
      );
      assert.equal(
        build.name,
        'intended',
        "judged by no record's caveats: the intended contract's record, which has none",
      );
      assert.deepEqual(buildRecord(build.name).caveats, {});
      assert.deepEqual(
        [build.sendsThinking, build.newBotsAtRuntime, build.botuiRendering],
        [head.traits.sendsThinking, head.traits.newBotsAtRuntime, head.traits.botuiRendering],
        "the nearest record's traits still adapt the suite",
      );
    } finally {
      await fake.close();
    }
  },
);

test('what was not measured is said with why, grouped by reason; all six measured says so alone', () => {
  const all = six(buildRecord('pre'));
  assert.equal(measuredSentence({ traits: all, unmeasured: {} }), '6 of 6 traits measured');
  const { visitorTextReachesLlm: _v, finalRepeatsAnswer: _f, anonymousStatus: _a, ...four } = all;
  assert.equal(
    measuredSentence({
      traits: four,
      unmeasured: {
        visitorTextReachesLlm: 'need a first turn, X',
        finalRepeatsAnswer: 'need a first turn, X',
        anonymousStatus: 'need a status, Y',
      },
    }),
    '3 of 6 traits measured (anonymousStatus need a status, Y; visitorTextReachesLlm, finalRepeatsAnswer need a first turn, X)',
  );
});
