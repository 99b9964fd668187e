import { test } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { DEFAULT_DIMENSIONS } from '../../standins/llm/embeddings.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages } from '../../fixtures/checks/dialog-checks.ts';
import { KB_BLOCK_START, expectCollectionHolds, expectNoPassageInPrompt, expectPassageInPrompt } from '../../fixtures/checks/kb-checks.ts';
import { kbCollection, kbDocumentPath, removeBotFile, vectorStoreUrl } from '../../fixtures/knowledge-base.ts';
import { deployDeadlineMs } from '../../fixtures/bot-target.ts';

/**
 * Knowledge bases end to end (contract §11.10; docs/contract.md "Knowledge bases"): bots/faq.gbai's `.gbkb/faq/`
 * holds a fact no LLM knows (kettle.md) and a distractor (parking.txt); its start dialog says `USE KB "faq"`. The
 * platform indexes them into the stack's vector store, and every later turn's prompt carries the passage found.
 */
const GREETING = 'The e2e faq bot is ready.';
const PROMPT_MD = 'E2E faq prompt: answer the visitor from the knowledge base.';
const PASSAGE = 'The kettle in room 4B is descaled with the code ZEBRA-9182-QUILL.';
const CODE = 'ZEBRA-9182-QUILL';
const DISTRACTOR = 'Visitors park on level three';
const NEW_CODE = 'ZEBRA-5507-HERON';
const NEW_KETTLE = '# The kettle in room 4B\n\nSince the winter the kettle in room 4B is descaled with the code ZEBRA-5507-HERON.\n';
/** The LLM's answer when its prompt carries the passage (a scenario keyed on the passage's code). */
const ANSWER = 'From the knowledge base: ask the night porter for the descaling tablets.';
const question = (token: string) => `What code descales the kettle in room 4B? ${token}`;

test.describe('knowledge bases: indexed, retrieved into the prompt, answered in the page (contract §11.10)', () => {
  // A real build indexes on its drive scan (every 5 s, §11.10): the waits for the vector store get a deploy's deadline.
  test.beforeEach(({ stack }) => test.slow(stack.kind === 'botserver', 'a real build indexes on its 5 s drive scan'));

  test('the documents of .gbkb/faq/ are indexed: the collection has the configured vector size and its points carry each passage and its document path', async ({ deployBot, stack }) => {
    const bot = await deployBot('bots/faq.gbai');
    await expectCollectionHolds(vectorStoreUrl(stack), kbCollection(bot, 'faq'), {
      size: DEFAULT_DIMENSIONS,
      holds: [{ documentPath: kbDocumentPath(bot, 'faq', 'kettle.md'), text: PASSAGE }, { documentPath: kbDocumentPath(bot, 'faq', 'parking.txt'), text: DISTRACTOR }],
    }, deployDeadlineMs(stack));
  });

  test('USE KB: the LLM request for a question about the fact carries the passage and its source after prompt.md and before the visitor\'s text, without the distractor; the visitor sees the answer', async ({ deployBot, chatPage, llm, stack, uniq }) => {
    const bot = await deployBot('bots/faq.gbai');
    await expectCollectionHolds(vectorStoreUrl(stack), kbCollection(bot, 'faq'), { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kbDocumentPath(bot, 'faq', 'kettle.md'), text: PASSAGE }] }, deployDeadlineMs(stack));
    await llm.setScenario(CODE, { type: 'reply', text: ANSWER });
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    await chatPage.sendMessage(question(uniq));
    await expectPassageInPrompt(llm, uniq, { promptMd: PROMPT_MD, passage: PASSAGE, source: kbDocumentPath(bot, 'faq', 'kettle.md'), lacks: [DISTRACTOR] });
    await expectBotMessages(chatPage, [GREETING, ANSWER], llm, uniq, bot);
  });

  test('a bot whose dialog has no USE KB gets no passage, though its documents are indexed', async ({ deployBot, chatPage, llm, stack, uniq }) => {
    const bot = await deployBot('bots/faq.gbai');
    await bot.update({ 'gbdialog/start.bas': `TALK "${GREETING}"\n` });
    await expectCollectionHolds(vectorStoreUrl(stack), kbCollection(bot, 'faq'), { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kbDocumentPath(bot, 'faq', 'kettle.md'), text: PASSAGE }] }, deployDeadlineMs(stack));
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = question(uniq);
    await chatPage.sendMessage(text);
    await expectNoPassageInPrompt(llm, uniq, [KB_BLOCK_START, CODE], 'the bot\'s dialog uses no knowledge base');
    await expectBotMessages(chatPage, [GREETING, defaultReply(text)], llm, uniq, bot);
  });

  test('a changed document: the next question gets the new passage, never the old one', async ({ deployBot, chatPage, llm, stack, uniq }) => {
    const bot = await deployBot('bots/faq.gbai');
    const store = vectorStoreUrl(stack);
    const kettle = kbDocumentPath(bot, 'faq', 'kettle.md');
    await expectCollectionHolds(store, kbCollection(bot, 'faq'), { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kettle, text: CODE }] }, deployDeadlineMs(stack));
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    await chatPage.sendMessage(question(`${uniq}a`));
    await expectPassageInPrompt(llm, `${uniq}a`, { promptMd: PROMPT_MD, passage: CODE, source: kettle });
    await bot.update({ 'gbkb/faq/kettle.md': NEW_KETTLE });
    // Re-indexed: the new passage is stored (whether the old one went too, the prompt below says first).
    await expectCollectionHolds(store, kbCollection(bot, 'faq'), { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kettle, text: NEW_CODE }] }, deployDeadlineMs(stack));
    await chatPage.sendMessage(question(`${uniq}b`));
    await expectPassageInPrompt(llm, `${uniq}b`, { promptMd: PROMPT_MD, passage: NEW_CODE, source: kettle, lacks: [CODE] });
    await expectCollectionHolds(store, kbCollection(bot, 'faq'), { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kettle, text: NEW_CODE }], lacks: [CODE] }, deployDeadlineMs(stack));
  });

  test('a deleted document is gone: its points are removed and no later prompt carries its passage', async ({ deployBot, chatPage, llm, stack, uniq }) => {
    const bot = await deployBot('bots/faq.gbai');
    const store = vectorStoreUrl(stack);
    await expectCollectionHolds(store, kbCollection(bot, 'faq'), { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kbDocumentPath(bot, 'faq', 'kettle.md'), text: CODE }] }, deployDeadlineMs(stack));
    await removeBotFile(stack, bot, 'gbkb/faq/kettle.md');
    await expectCollectionHolds(store, kbCollection(bot, 'faq'), { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kbDocumentPath(bot, 'faq', 'parking.txt'), text: DISTRACTOR }], lacks: [CODE] }, deployDeadlineMs(stack));
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    await chatPage.sendMessage(question(uniq));
    await expectNoPassageInPrompt(llm, uniq, [CODE], 'kettle.md was deleted from the drive');
  });
});
