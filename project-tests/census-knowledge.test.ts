/**
 * The census's knowledge-base column (issue 35, scripts/census/knowledge.ts): the KB folders the indexer makes, the
 * files directly under `.gbkb/` it never reads, the `USE KB` names that match no folder (General Bots' templates name
 * KBs the indexer never makes), and the points stored per KB, in the table a bot author reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { carriesDocument, firstDocument, knowledgeOf, questionAbout } from '../scripts/census/knowledge.ts';
import { markdown, retrievalText, type Census } from '../scripts/census/report.ts';
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

test("the census's question is about the first readable document of a KB the dialogs use, and a prompt carries it only beside the question", async () => {
  const pkg = {
    name: 'shop',
    dir: '/x/shop.gbai',
    files: [
      file('shop.gbkb/aaa/first.md', '# Ignored\n\nThe aaa folder is used by no dialog.'),
      file('shop.gbkb/docs/b.docx', 'binary'),
      file(
        'shop.gbkb/docs/c.txt',
        'Returns are refunded within   fourteen days of the purchase date.\nKeep the receipt.',
      ),
      file('shop.gbkb/docs/sub/d.txt', 'never indexed'),
    ],
  };
  const doc = await firstDocument(pkg, { folders: ['aaa', 'docs'], useKb: ['docs'] });
  assert.deepEqual(
    { kb: doc?.kb, file: doc?.file, path: doc?.documentPath },
    { kb: 'docs', file: 'c.txt', path: 'shop.gbai/shop.gbkb/docs/c.txt' },
  );
  const q = questionAbout(doc!, 'tok123');
  assert.match(q, /Returns are refunded within fourteen days of the purchase date\. Keep the receipt\.\? tok123$/);
  assert.equal(carriesDocument(`User: ${q}`, doc!, q), false, 'the question alone quotes the document: not a passage');
  assert.equal(carriesDocument(`System: Fonte: ${doc!.documentPath}\nUser: ${q}`, doc!, q), true);
  assert.equal(carriesDocument(`System: ${doc!.text}\nUser: ${q}`, doc!, q), true);
  assert.equal(
    await firstDocument({ ...pkg, files: [file('shop.gbkb/docs/b.docx')] }, { folders: ['docs'], useKb: [] }),
    undefined,
  );
});

test('the KB cell and the summary say what the question got, and why it was not retrieved', () => {
  assert.equal(
    retrievalText({ document: 'docs/c.txt', question: 'q', retrieved: false, why: 'no USE KB names "docs"' }),
    'a question about docs/c.txt: not retrieved (no USE KB names "docs")',
  );
  assert.equal(
    retrievalText({ document: 'docs/c.txt', question: 'q', retrieved: true }),
    'a question about docs/c.txt: retrieved',
  );
  assert.match(retrievalText({ notAsked: 'no document of a type the census reads' }), /^no question asked: /);
});

test('a prompt carries the document by its whole path where it names KB paths, else by its opening outside the question', () => {
  const doc = {
    kb: 'docs',
    file: 'a.md',
    documentPath: 'shop.gbai/shop.gbkb/docs/a.md',
    text: '# Returns Returns are refunded within fourteen days of the purchase date. Keep the receipt.',
  };
  const q = questionAbout(doc, 'tok9');
  const opening = 'Returns Returns are refunded within fourteen days of the purchase date.';
  assert.equal(
    carriesDocument(`System: ${opening}\nFonte: shop.gbai/shop.gbkb/docs/a.md.old\nUser: ${q}`, doc, q),
    false,
    'a.md.old is not a.md',
  );
  assert.equal(
    carriesDocument(`System: ${opening}\nFonte: shop.gbai/shop.gbkb/docs/b.md\nUser: ${q}`, doc, q),
    false,
    'another document that opens alike',
  );
  assert.equal(
    carriesDocument(`System: see shop.gbai/shop.gbkb/docs/a.md.\nUser: ${q}`, doc, q),
    true,
    'the path at a sentence end',
  );
  assert.equal(
    carriesDocument(`System: ${opening} Keep it.\nUser: ${q}`, doc, q),
    true,
    'the passage without its markup, no source line',
  );
  const echo = q.slice(0, q.lastIndexOf(' '));
  assert.equal(
    carriesDocument(`System: searching for: ${echo}\nUser: ${q}`, doc, q),
    false,
    'the question echoed without its token',
  );
});
