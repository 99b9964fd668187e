/**
 * Builds as records (builds/*.json, builds/records.ts): a synthetic record in a folder of its own (BUILD_RECORDS_DIR)
 * is picked up by the configuration, the reference platform's profiles, the build probe, the known-bug checks, the
 * project tests' recorded builds and the workflow's legs, with no other file changed; a commit no record holds is
 * judged by its nearest record, and the traits that differ are named; a bad record is refused naming its file.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, recordedBuilds, runSuite, tempDir } from './helpers.ts';
import { buildRecords, RECORDS_ENV, type BuildRecord } from '../builds/records.ts';
import { loadConfig } from '../stack/config.ts';
import { profileNames } from '../platform/profile.ts';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { probeBuild } from '../fixtures/build-probe.ts';

/** HEAD's record renamed `synthetic`, for a made-up commit, whose GET /api/auth gives no bot_id (HEAD's caveats). */
function syntheticRecord(): BuildRecord {
  const head = JSON.parse(readFileSync(join(ROOT, 'builds', 'head.json'), 'utf8')) as BuildRecord;
  return {
    ...head,
    name: 'synthetic',
    title: 'SYNTHETIC',
    commits: ['abcdef1234567890'],
    date: '2030-01-01T00:00:00Z',
    measured: 'made up by project-tests/build-records.test.ts',
    traits: { ...head.traits, authGivesBotId: false, sessionsRoute: true },
    reference: { ...head.reference, authGivesBotId: false, sessionsRoutes: true },
  };
}

function recordsDir(records: BuildRecord[]): string {
  const dir = tempDir('build-records-');
  for (const r of records) writeFileSync(join(dir, `${r.name}.json`), JSON.stringify(r, null, 2));
  return dir;
}

/** A made-up BotServer for the probe: /health names `commit`, the login route 404, GET /api/sessions routed (401
 * without a token), GET /api/auth without bot_id: as no shipped record is (the synthetic one is made so). */
async function fakeBuild(commit: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/health') return json(200, { status: 'ok', commit, version: '6.3.0' });
    if (path === '/api/auth')
      return json(200, {
        session_id: '7d0f5d6c-1f7e-4a8e-9d55-2f4b8a1c3e10',
        user_id: '0b6b9a53-7e8c-4a31-8d6f-6f3c2a9e4b21',
        status: 'anonymous',
      });
    if (path === '/api/sessions') return json(401, {});
    return json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

test("a synthetic record is picked up by the configuration, the profiles, the project tests and the workflow's legs, with no other file changed", () => {
  const dir = recordsDir([syntheticRecord()]);
  const env = { ...process.env, [RECORDS_ENV]: dir };
  assert.deepEqual(
    buildRecords(env).map((r) => r.name),
    [...buildRecords().map((r) => r.name), 'synthetic'],
    'the records: the shipped ones, then the new one (the newest date)',
  );
  assert.ok(profileNames(env).includes('synthetic'), 'a reference profile');
  assert.equal(
    loadConfig({ ...env, REFERENCE_PROFILE: 'synthetic', STACK_PROVIDER: 'local' }).referenceProfile,
    'synthetic',
    'REFERENCE_PROFILE accepts it',
  );
  assert.throws(
    () => loadConfig({ REFERENCE_PROFILE: 'synthetic' }),
    /REFERENCE_PROFILE: unknown profile "synthetic"; use one of intended, /,
    'without the record it is refused',
  );
  const legs = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-legs.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    env,
  });
  assert.deepEqual(
    JSON.parse(legs.stdout),
    buildRecords(env).map((r) => r.name),
    "the workflow's legs (job `legs`: scripts/build-legs.ts)",
  );
  const saved = process.env[RECORDS_ENV];
  process.env[RECORDS_ENV] = dir;
  try {
    assert.deepEqual(
      recordedBuilds('chat-session.jsonl').find((b) => b.name === 'synthetic'),
      {
        name: 'synthetic',
        title: 'SYNTHETIC',
        skip: "no recorded/synthetic/chat-session.jsonl: capture that build's traffic (recorded/README.md)",
      },
    );
  } finally {
    if (saved === undefined) delete process.env[RECORDS_ENV];
    else process.env[RECORDS_ENV] = saved;
  }
});

test('a bad record is refused within seconds, naming its file and what is wrong', () => {
  const bad = { ...syntheticRecord(), traits: { ...syntheticRecord().traits, loginRoute: 'maybe' } };
  const dir = recordsDir([bad as unknown as BuildRecord]);
  assert.throws(
    () => loadConfig({ [RECORDS_ENV]: dir }),
    (e: Error) =>
      e.message.includes(
        `${RECORDS_ENV}: ${join(dir, 'synthetic.json')}: traits.loginRoute must be one of true, false`,
      ),
  );
  const unknownCaveat = recordsDir([{ ...syntheticRecord(), caveats: { noSuchCaveat: 'x' } }]);
  const r = spawnSync(process.execPath, ['-e', "await import('./fixtures/caveats.ts')"], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, [RECORDS_ENV]: unknownCaveat },
    timeout: 20_000,
  });
  assert.notEqual(r.status, 0);
  assert.match(
    r.stderr,
    /builds\/synthetic\.json: unknown caveats noSuchCaveat: add each to CAVEATS in fixtures\/caveats\.ts/,
  );
  assert.throws(
    () => loadConfig({ [RECORDS_ENV]: '/nonexistent-records' }),
    /BUILD_RECORDS_DIR=\/nonexistent-records: cannot read that folder/,
  );
});

test('a commit no record holds gets the nearest record, and the header names it and the traits that differ', async () => {
  const fake = await fakeBuild('0123456789abcdef');
  try {
    const { build } = await probeBuild(fake.url);
    assert.equal(
      build.name,
      '4976864a',
      'without the synthetic record: 4976864a is nearest (no login route, anonymous, no bot_id; only the sessions route differs)',
    );
    assert.match(
      build.decidedBy,
      /BotServer commit 0123456789abcdef: not recorded; 4 of 6 traits measured \(the rest need a first turn, and no LLM stand-in was given to read it\); nearest record 4976864a \(4976864a \(May 14\), 4976864a\): 3 of 4 measured traits agree → its caveats; traits measured otherwise than 4976864a's record: sessionsRoute: measured true, 4976864a false/,
    );
    assert.deepEqual(build.differs, ['sessionsRoute: measured true, 4976864a false']);
    const saved = process.env[RECORDS_ENV];
    process.env[RECORDS_ENV] = recordsDir([syntheticRecord()]);
    try {
      const near = await probeBuild(fake.url);
      assert.equal(near.build.name, 'synthetic', 'with it: the synthetic record agrees on all four');
      assert.deepEqual(near.build.differs, []);
      const known = await fakeBuild('abcdef1');
      try {
        assert.match(
          (await probeBuild(known.url)).build.decidedBy,
          /BotServer commit abcdef1 \(version 6\.3\.0\): recorded → SYNTHETIC's caveats \(builds\/synthetic\.json\)/,
        );
      } finally {
        await known.close();
      }
    } finally {
      if (saved === undefined) delete process.env[RECORDS_ENV];
      else process.env[RECORDS_ENV] = saved;
    }
  } finally {
    await fake.close();
  }
});

test(
  'the synthetic profile: the reference platform reproduces its record (the probe measures no trait otherwise) and its caveat applies',
  { timeout: 120_000 },
  async () => {
    const dir = recordsDir([syntheticRecord()]);
    const saved = process.env[RECORDS_ENV];
    process.env[RECORDS_ENV] = dir;
    try {
      const stack = await TemporaryStack.start({
        config: loadConfig({ ...process.env, STACK_PROVIDER: 'local', REFERENCE_PROFILE: 'synthetic' }),
        log: () => undefined,
      });
      try {
        const { build } = await probeBuild(stack.env().BOTSERVER_URL!, stack.env().LLM_URL);
        assert.equal(build.name, 'synthetic');
        assert.deepEqual(build.differs, [], build.seen.join('\n'));
        assert.ok(
          build.seen.some((l) => /GET \/api\/auth 200 \(.*bot_id missing/.test(l)),
          build.seen.join('\n'),
        );
      } finally {
        await stack.shutdown();
      }
    } finally {
      if (saved === undefined) delete process.env[RECORDS_ENV];
      else process.env[RECORDS_ENV] = saved;
    }
    const logout = ['tests/logout.spec.ts', '-g', 'POST /api/auth/logout invalidates'];
    const r = await runSuite(logout, { REFERENCE_PROFILE: 'synthetic', [RECORDS_ENV]: dir });
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /build under test: reference platform, profile synthetic → SYNTHETIC's caveats \(reproduced\)/);
    // Which caveats apply comes from the record: without noLoginRoute in it, the same profile's missing login is a failure.
    const { noLoginRoute: _dropped, ...fewer } = syntheticRecord().caveats;
    const without = await runSuite(logout, {
      REFERENCE_PROFILE: 'synthetic',
      [RECORDS_ENV]: recordsDir([{ ...syntheticRecord(), caveats: fewer }]),
    });
    assert.equal(without.code, 1, without.out);
    assert.match(without.out, /POST \/api\/auth\/login answered 404/);
  },
);
