/**
 * The census runs what a package ships (issue 36): each package's conversation files, in a browser on the census's
 * own stack, a verdict per conversation in its bot's row and a count in the summary line — and a conversation a
 * regression breaks reads as failed there, with its first error line naming the step (seeded: hear-ignores-answer).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { runCensus } from './census-run.ts';
import { assertOutputsAgree } from './census-outputs.ts';

test(
  "the census runs each package's conversations: a verdict per conversation in its row, the failed one naming its step",
  { timeout: 240_000 },
  async () => {
    const out = tempDir('census-conv-');
    const r = await runCensus(['bots/greet.gbai', 'bots/askname.gbai', '--out', out, '--quiet'], {
      REFERENCE_MUTATIONS: 'hear-ignores-answer',
    });
    const [code, stdout, stderr] = [r.code, r.out, r.err];
    assert.equal(code, 0, stderr);
    assert.match(stdout, /; conversations: 1 of 2 passed$/m, 'the summary line counts them');
    const files = readdirSync(out).sort();
    const md = readFileSync(join(out, files[2]!), 'utf8');
    assert.match(md, /\| greet \|.*\| 1\/1 passed \|/);
    assert.match(
      md,
      /\| askname \|.*\| 0\/1 passed; HEAR AS TEXT takes the answer.*: failed \(bots\/askname\.gbai\/askname\.gbtest\/name\.yml:5: bot: "Noted: the e2e bot calls you Ada Lovelace"/,
    );
    const json = JSON.parse(readFileSync(join(out, files[1]!), 'utf8'));
    assertOutputsAgree({ json, md, html: readFileSync(join(out, files[0]!), 'utf8'), summary: stdout });
  },
);
