/**
 * The census asks each bot with a knowledge base about its first document (issue 35, scripts/census/judge-bot.ts
 * askAboutFirstDocument) and says whether the LLM's prompt carried it: on the intended reference platform bots/faq's
 * kettle.md is retrieved; with the seeded regression that leaves the passages out of the prompt (kb-passage-left-out)
 * the same question is not, and the row, the summary line and the JSON say so and why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { runCensus } from './census-run.ts';
import { assertOutputsAgree } from './census-outputs.ts';

/** A census of bots/faq.gbai (no conversations) on a reference platform with `mutations`: its summary, row, JSON. */
async function census(mutations: string): Promise<{ summary: string; row: string; json: { bots: unknown[] } }> {
  const out = tempDir('census-kb-');
  const r = await runCensus(['bots/faq.gbai', '--skip-conversations', '--out', out, '--quiet'], {
    REFERENCE_MUTATIONS: mutations,
  });
  assert.equal(r.code, 0, r.err);
  const stdout = r.out;
  const files = readdirSync(out);
  const read = (ext: string) =>
    readFileSync(
      join(
        out,
        files.find((f) => f.endsWith(ext))!,
      ),
      'utf8',
    );
  const md = read('.md');
  const json = JSON.parse(read('.json'));
  // The JSON, the Markdown and HTML tables and the summary say the same of the question (census-outputs.ts).
  assertOutputsAgree({ json, md, html: read('.html'), summary: stdout });
  return {
    summary: stdout.trim().split('\n').pop()!,
    row: md.split('\n').find((l) => l.startsWith('| faq |')) ?? md,
    json,
  };
}

test(
  'a question about the first KB document: retrieved on the intended platform, not retrieved (and why) when the passages are left out',
  { timeout: 120_000 },
  async () => {
    const good = await census('');
    assert.match(good.row, /a question about faq\/kettle\.md: retrieved;/, good.row);
    assert.match(
      good.summary,
      /; a question about the first KB document retrieved it for 1 of 1 bot\(s\) asked \(1 ship a KB folder\)$/,
    );
    const bad = await census('kb-passage-left-out');
    assert.match(
      bad.row,
      /a question about faq\/kettle\.md: not retrieved \(the LLM's prompt for the question carried no passage of it\);/,
      bad.row,
    );
    assert.match(bad.summary, /retrieved it for 0 of 1 bot\(s\) asked \(1 ship a KB folder\)$/);
    const kb = (bad.json.bots[0] as { kb: { retrieval?: { retrieved?: boolean; question?: string } } }).kb;
    assert.equal(kb.retrieval?.retrieved, false);
    assert.match(kb.retrieval?.question ?? '', /The kettle in room 4B is descaled with the code ZEBRA-9182-QUILL/);
  },
);
