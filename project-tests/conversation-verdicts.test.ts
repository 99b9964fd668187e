/**
 * Conversation files prove they can fail (issue 36): one run of seeded defects — a wrong expectation, a broken bot,
 * an LLM call nobody scripted, a tool run with swapped arguments, a suggestion that sends its label, a knowledge-base
 * passage left out of the prompt — turns each conversation red naming its step's file and line and showing what
 * happened instead; every other conversation of bots/ and the docs' example of a silent turn and an LLM failure
 * (the quiet bot's) pass in the same run: each example of docs/conversations.md runs here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { assertRunShows, ROOT, runSuite } from './helpers.ts';

const SEEDED = join(ROOT, 'project-tests', 'conversations');

test(
  "seeded defects, one run: each conversation red naming its step's file and line and what happened instead",
  { timeout: 600_000 },
  async () => {
    const files = ['wrong-expectation.yml', 'broken-bot.yml', 'unscripted.yml'].map((f) => join(SEEDED, f));
    // Every conversation of bots/ (the docs' examples): those the mutations break go red, the others stay green.
    files.push(join(ROOT, 'bots'));
    // The docs' example of a silent turn and an LLM failure, which must pass in the same run.
    files.push(join(SEEDED, 'quiet.gbai/quiet.gbtest/silent.yml'));
    // Two workers: one broken bot's step waits out its deadline and its second look (the other red steps stop as
    // soon as their turn is over: fixtures/checks/turn-over.ts), while the other worker runs the rest.
    const r = await runSuite(['--project', 'conversations'], {
      E2E_WORKERS: '2',
      E2E_CONVERSATIONS: files.join(','),
      REFERENCE_PROFILE: 'intended',
      REFERENCE_MUTATIONS: 'tool-arguments-swapped,suggestion-sends-label,kb-passage-left-out',
    });
    assert.equal(r.code, 1, `red:\n${r.out}`);
    assertRunShows(r.out, /6 failed/);
    assertRunShows(r.out, /10 passed/);
    assertRunShows(
      r.out,
      /wrong-expectation\.yml:7: bot: "Welcome to the e2e great bot": the turn's bot message #1 is "Welcome to the e2e greet bot"/,
    );
    assertRunShows(
      r.out,
      /broken-bot\.yml:6: bot: "This line is fine": .*\n[\s\S]*?the platform's log about bot broken\w+'s dialogs:\n.*line 2/,
    );
    assertRunShows(
      r.out,
      /unscripted\.yml:5: user: "hello there": the platform asked the LLM on this turn, but the step scripts no llm:/,
    );
    assertRunShows(r.out, /#1 \(NOT scripted\): "System: .*User: hello there/);
    assertRunShows(
      r.out,
      /booking\.yml:6: bot: "Reserved an e2e room: large, seats 3": the turn's bot message #2 is "Reserved an e2e room: 3, seats large"/,
    );
    assertRunShows(
      r.out,
      /kettle\.yml:9: prompt_has: \["The kettle in room 4B is descaled with the code ZEBRA-9182-QUILL","kettle\.md"\]: no LLM request of this turn holds "The kettle in room 4B/,
    );
    assertRunShows(r.out, /order\.yml:11: prompt_has: \["e2e-tea"\]: no LLM request of this turn holds "e2e-tea"/);
  },
);
