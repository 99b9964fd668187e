/**
 * The reference platform's BASIC interpreter (platform/dialogs/) on the project's own bots (bots/): what each
 * dialog says, what it asks, how it branches, and the errors an author gets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledForm, DialogSyntaxError, parseDialog, toolSchema } from '../platform/dialogs/basic.ts';
import { DialogRun, emptyLlmContext, RETRY_PROMPT, type Suggestion } from '../platform/dialogs/run.ts';
import { PLAIN_DIALOG, type DialogSteps } from '../platform/dialogs/dialog-steps.ts';
import { DIALOG_MUTATIONS } from '../platform/mutations/dialogs.ts';
import { ROOT } from './helpers.ts';

const bot = (name: string) => readFileSync(join(ROOT, 'bots', `${name}.gbai`, `${name}.gbdialog`, 'start.bas'), 'utf8');

function start(source: string, opts: { steps?: DialogSteps } = {}) {
  const said: string[] = [];
  const offered: Suggestion[][] = [];
  const run = new DialogRun(
    parseDialog(source),
    { talk: (t) => said.push(t), suggestions: (l) => offered.push(l) },
    opts,
  );
  return { run, said, offered };
}

test('greet: one TALK, then the dialog ends', async () => {
  const { run, said } = start(bot('greet'));
  assert.deepEqual(await run.next(), { state: 'ended' });
  assert.deepEqual(said, ['Welcome to the e2e greet bot']);
});

test('askname: TALK a question, HEAR AS TEXT, TALK with the answer (also from the compiled form)', async () => {
  for (const source of [bot('askname'), compiledForm(bot('askname'))]) {
    const { run, said } = start(source);
    assert.deepEqual(await run.next(), { state: 'waiting' });
    assert.deepEqual(said, ['Which name should the e2e bot use for you?']);
    assert.deepEqual(await run.answer('Ada'), { state: 'ended' });
    assert.deepEqual(said, ['Which name should the e2e bot use for you?', 'Noted: the e2e bot calls you Ada']);
  }
});

test('age: an answer that is not a whole number is asked again; the IF branch follows the number', async () => {
  const { run, said } = start(bot('age'));
  await run.next();
  assert.deepEqual(await run.answer('twenty'), { state: 'waiting' });
  assert.deepEqual(said, ['How old are you?', RETRY_PROMPT.INTEGER]);
  assert.deepEqual(await run.answer('42'), { state: 'ended' });
  assert.equal(said.at(-1), 'You are an adult, 42 years old.');
  const minor = start(bot('age'));
  await minor.run.next();
  await minor.run.answer('12');
  assert.equal(minor.said.at(-1), 'You are a minor, 12 years old.');
});

test('ADD SUGGESTION TEXT "value" AS "label": the button shows the label, its action sends the value (the builds\' shape)', async () => {
  const { run, offered } = start('ADD SUGGESTION TEXT "yes" AS "Yes please"\nADD SUGGESTION "Red"\nTALK "Choose"\n');
  assert.deepEqual(await run.next(), { state: 'ended' });
  assert.deepEqual(offered, [
    [{ text: 'Yes please', action: '{"message":"yes","type":"send_message"}' }, { text: 'Red' }],
  ]);
  // A variable called text is not the TEXT form.
  assert.deepEqual(parseDialog('text = "Blue"\nADD SUGGESTION text\n').at(-1), {
    kind: 'suggest',
    line: 2,
    text: { kind: 'var', name: 'text' },
    action: undefined,
  });
});

test('colours: suggestions are offered when the dialog waits, the answer is used', async () => {
  const { run, said, offered } = start(bot('colours'));
  assert.deepEqual(await run.next(), { state: 'waiting' });
  assert.deepEqual(offered, [[{ text: 'Red' }, { text: 'Green' }, { text: 'Blue' }]]);
  await run.answer('Green');
  assert.equal(said.at(-1), 'You picked Green');
});

test('broken: a syntax error names its line', () => {
  assert.throws(
    () => parseDialog(bot('broken')),
    (e: Error) => e instanceof DialogSyntaxError && /^line 2: a string is not closed/.test(e.message),
  );
  assert.throws(() => parseDialog('IF 1 = 1 THEN\nTALK "x"\n'), /line 1: IF without END IF/);
  assert.throws(() => parseDialog('SHOUT "x"\n'), /line 1: unknown statement|line 1: expected a statement/);
  assert.throws(() => parseDialog('HEAR x AS COLOUR\n'), /line 1: HEAR … AS COLOUR/);
});

test('the mutation hear-ignores-answer loses the answer (the dialog check must catch it)', async () => {
  const { run, said } = start(bot('askname'), { steps: DIALOG_MUTATIONS['hear-ignores-answer'].wrap(PLAIN_DIALOG) });
  await run.next();
  await run.answer('Ada');
  assert.equal(said.at(-1), 'Noted: the e2e bot calls you ');
});

test('LLM-first statements: a tool dialog\'s PARAM/DESCRIPTION make its schema; ADD TOOL, SET CONTEXT and BEGIN SYSTEM PROMPT reach the session\'s LLM context; BEGIN TALK is one message; ADD SUGGESTION "v" AS "l" (also from the compiled form)', async () => {
  const concierge = (f: string) => readFileSync(join(ROOT, 'bots', 'concierge.gbai', 'concierge.gbdialog', f), 'utf8');
  assert.deepEqual(toolSchema('book-room', parseDialog(compiledForm(concierge('book-room.bas')))), {
    type: 'function',
    function: {
      name: 'book-room',
      description: 'Reserves an e2e meeting room of a size for a number of people',
      parameters: {
        type: 'object',
        properties: {
          size: {
            type: 'string',
            description: 'Room size for the e2e booking: small, medium or large',
            example: 'small',
          },
          guests: { type: 'integer', description: 'Number of people the e2e room must seat', example: '4' },
        },
        required: ['size', 'guests'],
      },
    },
  });
  assert.equal(
    toolSchema('start', parseDialog(concierge('start.bas'))),
    undefined,
    'a dialog without DESCRIPTION is no tool',
  );
  const briefing = readFileSync(join(ROOT, 'bots', 'briefing.gbai', 'briefing.gbdialog', 'start.bas'), 'utf8');
  for (const source of [briefing, compiledForm(briefing)]) {
    const llm = emptyLlmContext();
    const said: string[] = [];
    const run = new DialogRun(
      parseDialog(source),
      { talk: (t) => said.push(t), suggestions: () => undefined },
      { llm },
    );
    assert.deepEqual(await run.next(), { state: 'ended' });
    assert.deepEqual([...llm.contexts], [['e2e office', 'E2E context line: the e2e office opens at nine.']]);
    assert.equal(llm.systemPrompt, 'E2E system block: answer as the e2e briefing bot.\nKeep answers to one line.');
    assert.deepEqual(said, ['The e2e briefing bot is ready.']);
  }
  const { run, said } = start(compiledForm(bot('notice')));
  await run.next();
  assert.deepEqual(
    said,
    ['**E2E notice board**\n\nPosted today:\n*two* e2e notices'],
    'one message, its lines (and blank line) kept',
  );
  const menu = start(bot('menu'));
  await menu.run.next();
  assert.deepEqual(
    menu.offered.at(-1)?.map((s) => [s.text, JSON.parse(s.action!).message]),
    [
      ['A cup of tea', 'e2e-tea'],
      ['A cup of coffee', 'e2e-coffee'],
    ],
  );
  assert.throws(() => parseDialog('BEGIN TALK\nno end'), /line 1: BEGIN TALK without END TALK/);
  assert.throws(() => parseDialog('PARAM x AS BLOB'), /PARAM x AS BLOB/);
});

test("a tool dialog runs with the call's arguments as its variables; a build profile's refusal when reached lets what came before run", async () => {
  const tool = readFileSync(join(ROOT, 'bots', 'concierge.gbai', 'concierge.gbdialog', 'book-room.bas'), 'utf8');
  const said: string[] = [];
  const run = new DialogRun(
    parseDialog(tool),
    { talk: (t) => said.push(t), suggestions: () => undefined },
    { vars: { size: 'large', guests: 3 } },
  );
  assert.deepEqual(await run.next(), { state: 'ended' });
  assert.deepEqual(said, ['Reserved an e2e room: large, seats 3']);
  const offered: Suggestion[][] = [];
  const reset = new DialogRun(
    parseDialog(bot('reset')),
    { talk: () => undefined, suggestions: (l) => offered.push(l) },
    { refuses: { 'clear-suggestions': { message: 'Function not found', when: 'reached' } } },
  );
  const state = await reset.next();
  assert.equal(state.state, 'failed');
  assert.deepEqual(
    offered.at(-1)?.map((s) => s.text),
    ['Stale e2e choice'],
    'the button added before the refused statement stays',
  );
});
