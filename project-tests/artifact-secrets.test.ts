/**
 * No secret of a run in any of its artifacts (issue 20): a deliberately failing UI-login test runs with traces,
 * screenshots and the HTML, JSON and blob reports on (project-tests/artifact-secrets/), in a temp dir removed
 * afterwards; every file it produced is searched — zips unpacked, the HTML report's embedded data decoded — for
 * each secret of that run (the worker user's password, the tokens issued, the stack's credentials): zero hits.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertRunShows, runSuite } from './helpers.ts';
import { filesUnder, visitBytes } from '../fixtures/artifacts/artifact-files.ts';
import { mask } from '../stack/secrets.ts';

test('a failing UI-login test leaves no secret of its run in any artifact', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'e2e-artifact-secrets-'));
  try {
    const out = join(dir, 'out');
    const r = await runSuite(
      ['-c', 'project-tests/artifact-secrets/playwright.config.ts'],
      { ARTIFACT_SECRETS_DIR: out, ARTIFACT_SECRETS_OUT: join(dir, 'secrets.json') },
      true,
    );
    assert.equal(r.code, 1, `the spec fails on purpose:\n${r.out}`);
    assertRunShows(r.out, /1 failed/);
    assert.match(
      r.out,
      /\[e2e\] artifacts: \d+ secrets of the run known; [1-9]\d* report\/trace files had some and were scrubbed/,
      'secrets were there and were scrubbed',
    );
    const secrets: string[] = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).secrets;
    assert.ok(secrets.length >= 5, `the run's secrets: ${secrets.map((s) => mask(s)).join(', ')}`);

    const files = filesUnder([out]);
    for (const kind of [
      /trace\.zip$/,
      /test-failed-1\.png$/,
      /html-report\/index\.html$/,
      /report\.json$/,
      /blob-report\/.*\.zip$/,
    ]) {
      assert.ok(
        files.some((f) => kind.test(f)),
        `an artifact matching ${kind} was produced: ${files.join(', ')}`,
      );
    }
    const hits: string[] = [];
    let sawLogin = false;
    for (const file of files) {
      visitBytes(new Uint8Array(readFileSync(file)), file.slice(out.length + 1), (text, where) => {
        if (text.includes('/api/auth/login')) sawLogin = true;
        for (const s of secrets) if (text.includes(s)) hits.push(`${where}: ${mask(s)}`);
        return undefined;
      });
    }
    assert.ok(sawLogin, 'the artifacts record the login (the search looked at the right files)');
    assert.deepEqual(hits, [], 'secrets of the run found in its artifacts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
