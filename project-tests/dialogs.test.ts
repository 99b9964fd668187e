/**
 * The reference platform's BASIC interpreter (platform/dialogs/) on the project's own bots (bots/): what each
 * dialog says, what it asks, how it branches, and the errors an author gets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledForm, DialogSyntaxError, parseDialog } from '../platform/dialogs/basic.ts';
import { DialogRun, RETRY_PROMPT, type Suggestion } from '../platform/dialogs/run.ts';
import { ROOT } from './helpers.ts';

const bot = (name: string) => readFileSync(join(ROOT, 'bots', `${name}.gbai`, `${name}.gbdialog`, 'start.bas'), 'utf8');

function start(source: string, opts: { ignoreAnswers?: boolean } = {}) {
  const said: string[] = [];
  const offered: Suggestion[][] = [];
  const run = new DialogRun(parseDialog(source), { talk: (t) => said.push(t), suggestions: (l) => offered.push(l) }, opts);
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
  assert.deepEqual(offered, [[{ text: 'Yes please', action: '{"message":"yes","type":"send_message"}' }, { text: 'Red' }]]);
  // A variable called text is not the TEXT form.
  assert.deepEqual(parseDialog('text = "Blue"\nADD SUGGESTION text\n').at(-1), { kind: 'suggest', line: 2, text: { kind: 'var', name: 'text' }, action: undefined });
});

test('colours: suggestions are offered when the dialog waits, the answer is used', async () => {
  const { run, said, offered } = start(bot('colours'));
  assert.deepEqual(await run.next(), { state: 'waiting' });
  assert.deepEqual(offered, [[{ text: 'Red' }, { text: 'Green' }, { text: 'Blue' }]]);
  await run.answer('Green');
  assert.equal(said.at(-1), 'You picked Green');
});

test('broken: a syntax error names its line', () => {
  assert.throws(() => parseDialog(bot('broken')), (e: Error) => e instanceof DialogSyntaxError && /^line 2: a string is not closed/.test(e.message));
  assert.throws(() => parseDialog('IF 1 = 1 THEN\nTALK "x"\n'), /line 1: IF without END IF/);
  assert.throws(() => parseDialog('SHOUT "x"\n'), /line 1: unknown statement|line 1: expected a statement/);
  assert.throws(() => parseDialog('HEAR x AS COLOUR\n'), /line 1: HEAR … AS COLOUR/);
});

test('the mutation hear-ignores-answer loses the answer (the dialog check must catch it)', async () => {
  const { run, said } = start(bot('askname'), { ignoreAnswers: true });
  await run.next();
  await run.answer('Ada');
  assert.equal(said.at(-1), 'Noted: the e2e bot calls you ');
});
