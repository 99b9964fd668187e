import { recordTraits } from '../../fixtures/build-traits-of.ts';
import { test, type TestBot } from '../../fixtures/bot-test.ts';
import { defaultReply } from '../../standins/llm/scenarios.ts';
import { DEFAULT_DIMENSIONS } from '../../standins/llm/embeddings.ts';
import { expectConnected } from '../../fixtures/checks/chat-checks.ts';
import { expectBotMessages } from '../../fixtures/checks/dialog-checks.ts';
import {
  KB_BLOCK_START,
  expectCollectionHolds,
  expectNoCollection,
  expectNoPassageInPrompt,
  expectPassageInPrompt,
} from '../../fixtures/checks/kb-checks.ts';
import { expectLogLine } from '../../fixtures/checks/dialog-checks.ts';
import { knownBug } from '../../fixtures/caveats.ts';
import type { StackInfo } from '../../fixtures/stack-info.ts';
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
const NEW_KETTLE =
  '# The kettle in room 4B\n\nSince the winter the kettle in room 4B is descaled with the code ZEBRA-5507-HERON.\n';
/** The LLM's answer when its prompt carries the passage (a scenario keyed on the passage's code). */
const ANSWER = 'From the knowledge base: ask the night porter for the descaling tablets.';
const question = (token: string) => `What code descales the kettle in room 4B? ${token}`;
/** umbrellas.pdf's text (a PDF: its text is what is indexed, §11.10's document types). */
const PDF_PASSAGE = 'The library lends umbrellas against the token OTTER-6630-LARCH.';

/**
 * The bot's `.gbkb/faq/` indexed: its collection with the configured size holds `holds`. Returns false when the
 * build's known bug showed instead (caveat kbConfigReadOnce: a new bot's documents are never indexed while it runs),
 * and the test then ends there: nothing can be retrieved.
 */
async function expectIndexed(
  stack: StackInfo,
  bot: TestBot,
  holds: { file: string; text: string }[],
): Promise<boolean> {
  const store = vectorStoreUrl(stack);
  const collection = kbCollection(bot, 'faq');
  return (
    (await knownBug(stack, 'kbConfigReadOnce', {
      intended: async () => {
        await expectCollectionHolds(
          store,
          collection,
          {
            size: DEFAULT_DIMENSIONS,
            holds: holds.map((h) => ({ documentPath: kbDocumentPath(bot, 'faq', h.file), text: h.text })),
          },
          deployDeadlineMs(stack),
        );
        return true;
      },
      symptom: async () => {
        const line = await expectLogLine(
          stack,
          new RegExp(`KB indexing failed for ${bot.name}\\.gbai/${bot.name}\\.gbkb/faq/`),
          "the platform says it could not index the bot's documents",
        );
        await expectNoCollection(store, collection, "the build could not index the bot's documents");
        return `no collection ${collection}; the platform logged: ${line}`;
      },
    })) ?? false
  );
}

test.describe('knowledge bases: indexed, retrieved into the prompt, answered in the page (contract §11.10)', () => {
  // A real build indexes on its drive scan (every 5 s, §11.10): the waits for the vector store get a deploy's deadline.
  test.beforeEach(({ stack }) => test.slow(stack.kind === 'botserver', 'a real build indexes on its 5 s drive scan'));

  // Retrieval is judged by what reaches the LLM for the visitor's question: a build whose LLM never gets the visitor's
  // text (its record's visitorTextReachesLlm, e.g. 4976864a; its specs check that caveat) cannot show it.
  test.skip(
    ({ stack }) => !recordTraits(stack).visitorTextReachesLlm,
    "this build never sends the visitor's text to the LLM (its record's visitorTextReachesLlm): no question can carry a passage, so its knowledge bases are not judged here",
  );

  test('the documents of .gbkb/faq/ (md, txt, pdf) are indexed: the collection has the configured vector size and its points carry each passage and its document path', async ({
    deployBot,
    stack,
  }) => {
    const bot = await deployBot('bots/faq.gbai');
    await expectIndexed(stack, bot, [
      { file: 'kettle.md', text: PASSAGE },
      { file: 'parking.txt', text: DISTRACTOR },
      { file: 'umbrellas.pdf', text: PDF_PASSAGE },
    ]);
  });

  test("a PDF's text is retrieved: a question about umbrellas carries umbrellas.pdf's passage and its source, not the kettle's", async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
  }) => {
    const bot = await deployBot('bots/faq.gbai');
    if (!(await expectIndexed(stack, bot, [{ file: 'umbrellas.pdf', text: PDF_PASSAGE }]))) return;
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    await chatPage.sendMessage(`Does the library lend umbrellas, and against which token? ${uniq}`);
    await expectPassageInPrompt(llm, uniq, {
      promptMd: PROMPT_MD,
      passage: PDF_PASSAGE,
      source: kbDocumentPath(bot, 'faq', 'umbrellas.pdf'),
      lacks: [PASSAGE],
    });
  });

  test("USE KB: the LLM request for a question about the fact carries the passage and its source after prompt.md and before the visitor's text, without the distractor; the visitor sees the answer", async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
  }) => {
    const bot = await deployBot('bots/faq.gbai');
    if (!(await expectIndexed(stack, bot, [{ file: 'kettle.md', text: PASSAGE }]))) return;
    await llm.setScenario(CODE, { type: 'reply', text: ANSWER });
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    await chatPage.sendMessage(question(uniq));
    await expectPassageInPrompt(llm, uniq, {
      promptMd: PROMPT_MD,
      passage: PASSAGE,
      source: kbDocumentPath(bot, 'faq', 'kettle.md'),
      lacks: [DISTRACTOR],
    });
    await expectBotMessages(chatPage, [GREETING, ANSWER], llm, uniq, bot);
  });

  test('a bot whose dialog has no USE KB gets no passage, though its documents are indexed', async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
  }) => {
    const bot = await deployBot('bots/faq.gbai');
    // Indexed first: on HEAD the known bug shows here, and its scans, busy retrying the documents, take up no change.
    if (!(await expectIndexed(stack, bot, [{ file: 'kettle.md', text: PASSAGE }]))) return;
    await bot.update({ 'gbdialog/start.bas': `TALK "${GREETING}"\n` });
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    const text = question(uniq);
    await chatPage.sendMessage(text);
    await expectNoPassageInPrompt(llm, uniq, [KB_BLOCK_START, CODE], "the bot's dialog uses no knowledge base");
    await expectBotMessages(chatPage, [GREETING, defaultReply(text)], llm, uniq, bot);
  });

  test('a changed document: the next question gets the new passage, never the old one', async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
  }) => {
    const bot = await deployBot('bots/faq.gbai');
    const store = vectorStoreUrl(stack);
    const kettle = kbDocumentPath(bot, 'faq', 'kettle.md');
    if (!(await expectIndexed(stack, bot, [{ file: 'kettle.md', text: CODE }]))) return;
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    await chatPage.sendMessage(question(`${uniq}a`));
    await expectPassageInPrompt(llm, `${uniq}a`, { promptMd: PROMPT_MD, passage: CODE, source: kettle });
    await bot.update({ 'gbkb/faq/kettle.md': NEW_KETTLE });
    // Re-indexed: the new passage is stored (whether the old one went too, the prompt below says first).
    await expectCollectionHolds(
      store,
      kbCollection(bot, 'faq'),
      { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kettle, text: NEW_CODE }] },
      deployDeadlineMs(stack),
    );
    await chatPage.sendMessage(question(`${uniq}b`));
    await expectPassageInPrompt(llm, `${uniq}b`, {
      promptMd: PROMPT_MD,
      passage: NEW_CODE,
      source: kettle,
      lacks: [CODE],
    });
    await expectCollectionHolds(
      store,
      kbCollection(bot, 'faq'),
      { size: DEFAULT_DIMENSIONS, holds: [{ documentPath: kettle, text: NEW_CODE }], lacks: [CODE] },
      deployDeadlineMs(stack),
    );
  });

  test('a deleted document is gone: its points are removed and no later prompt carries its passage', async ({
    deployBot,
    chatPage,
    llm,
    stack,
    uniq,
  }) => {
    const bot = await deployBot('bots/faq.gbai');
    const store = vectorStoreUrl(stack);
    if (!(await expectIndexed(stack, bot, [{ file: 'kettle.md', text: CODE }]))) return;
    await removeBotFile(stack, bot, 'gbkb/faq/kettle.md');
    await expectCollectionHolds(
      store,
      kbCollection(bot, 'faq'),
      {
        size: DEFAULT_DIMENSIONS,
        holds: [{ documentPath: kbDocumentPath(bot, 'faq', 'parking.txt'), text: DISTRACTOR }],
        lacks: [CODE],
      },
      deployDeadlineMs(stack),
    );
    await chatPage.openBot(bot.name);
    await expectConnected(chatPage);
    await chatPage.sendMessage(question(uniq));
    await expectNoPassageInPrompt(llm, uniq, [CODE], 'kettle.md was deleted from the drive');
  });
});
