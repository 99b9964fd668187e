/**
 * The census's knowledge-base column (issue 35, scripts/census/knowledge.ts): the KB folders the indexer makes, the
 * files directly under `.gbkb/` it never reads, the `USE KB` names that match no folder (General Bots' templates name
 * KBs the indexer never makes), and the points stored per KB, in the table a bot author reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knowledgeOf } from '../scripts/census/knowledge.ts';
import { markdown, type Census } from '../scripts/census/report.ts';
import type { BotVerdict } from '../scripts/census/judge-bot.ts';

const file = (key: string, body = '') => ({ key, body: Buffer.from(body) });

test('USE KB names that match no KB folder, and files the indexer never reads, are named', () => {
  const pkg = {
    name: 'shop',
    dir: '/x/shop.gbai',
    files: [
      file('shop.gbdialog/start.bas', 'USE KB "shop-faq"\n  use kb "docs"\nTALK "hi"\n'),
      file('shop.gbdialog/tool.bas', 'USE KB "docs"\n'),
      file('shop.gbkb/docs/a.md', 'A'),
      file('shop.gbkb/docs/sub/b.md', 'B'),
      file('shop.gbkb/policies/c.txt', 'C'),
      file('shop.gbkb/loose.txt', 'L'),
    ],
  };
  assert.deepEqual(knowledgeOf(pkg), {
    folders: ['docs', 'policies'],
    loose: ['loose.txt'],
    useKb: ['docs', 'shop-faq'],
    unmatched: ['shop-faq'],
  });
});

test('the KB cell says the points stored per KB and what matches nothing', () => {
  const bot: BotVerdict = {
    bot: 'shop',
    dir: '/x/shop.gbai',
    strays: [],
    dialogs: [],
    greeting: ['hi'],
    suggestions: [],
    tools: [],
    kb: {
      documents: 3,
      embeddingRequests: 2,
      errors: [],
      folders: ['docs', 'policies'],
      loose: ['loose.txt'],
      useKb: ['docs', 'shop-faq'],
      unmatched: ['shop-faq'],
      points: { docs: 2, policies: 0 },
    },
  };
  const c: Census = {
    platform: 'made up',
    startedAt: '2026-12-07T00:00:00.000Z',
    seconds: 1,
    folders: ['/x'],
    bots: [bot],
    refused: [],
    findings: [],
  };
  assert.match(
    markdown(c),
    /\| 3 doc\(s\) in docs, policies; docs: 2 point\(s\), policies: 0 point\(s\); never indexed \(directly under \.gbkb\/\): loose\.txt; USE KB matches no KB folder: "shop-faq"; 2 embedding request\(s\) \|/,
  );
});
