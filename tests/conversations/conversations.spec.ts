/**
 * The `conversations` project: one test per conversation file's conversation (docs/conversations.md), each on a
 * new deploy of its bot, in the real page. Which files: fixtures/conversations/find.ts (E2E_CONVERSATIONS, the
 * packages of E2E_BOT_PACKAGES, or the project's own bots/). A file that cannot be read is a failing test naming
 * its file and line.
 */
import { test } from '../../fixtures/bot-test.ts';
import { conversationFiles } from '../../fixtures/conversations/find.ts';
import { parseConversationFile } from '../../fixtures/conversations/parse.ts';
import { expectConversation } from '../../fixtures/conversations/expect-conversation.ts';
import type { Conversation } from '../../fixtures/conversations/format.ts';

const { files, from } = conversationFiles();

// The project's own bots' conversations hold the intended behaviour: on a build whose record has known bugs, the
// specs of tests/bots/ check each by its recorded symptom, and these are not run (a bot author's always are).
const OWN_BOTS_SKIPPED =
  "the project's own bots' conversations hold the intended behaviour; on this build tests/bots/*.spec.ts check each of its known bugs by its symptom (a bot author's conversations, E2E_BOT_PACKAGES or E2E_CONVERSATIONS, always run)";
const conversations: Conversation[] = [];
const unreadable: { file: string; error: string }[] = [];
for (const file of files) {
  try {
    conversations.push(...parseConversationFile(file));
  } catch (e) {
    unreadable.push({ file, error: (e as Error).message });
  }
}

for (const conv of conversations) {
  test.describe(() => {
    if (conv.language) test.use({ locale: conv.language });
    test.skip(({ stack }) => from === 'bots/' && stack.build.name !== 'intended', OWN_BOTS_SKIPPED);

    test(`${conv.title} (${conv.file}:${conv.line})`, async ({ deployBot, chatPage, llm, stack, uniq }) => {
      await expectConversation(conv, { deployBot, chatPage, llm, stack, uniq });
    });
  });
}

for (const { file, error } of unreadable) {
  test(`conversation file ${file}`, async () => {
    await expectConversation({ error }, undefined);
  });
}
