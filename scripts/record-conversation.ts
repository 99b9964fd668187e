/**
 * npm run conversations:record: chat with your bot in a browser window and get the conversation as a file to edit
 * into a test (docs/conversations.md, "Record a conversation"). Starts a temporary stack with the platform configured
 * as for the suite (BOTSERVER_BIN/BOTUI_BIN, or the reference platform), deploys the package as a new bot, opens
 * its chat in a visible browser; when you close the window (or press Ctrl-C) it writes what you typed and clicked,
 * what the LLM answered on each turn and what the bot said, then stops the stack.
 *   npm run conversations:record -- path/to/<name>.gbai [--out FILE] [--forward URL]
 * --forward: a real OpenAI-compatible endpoint (e.g. https://host/v1) the LLM stand-in forwards each call to, with
 * the key in RECORD_LLM_KEY; without it the stand-in answers (its default reply). --out: default
 * `<name>.gbai/<name>.gbtest/recorded-<time>.yml`. Needs a display (DISPLAY): run it on your desktop.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import { loadConfig } from '../stack/config.ts';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadBotPackage, renamePackage } from '../stack/bot-package.ts';
import { deployBot } from '../stack/bot-deploy.ts';
import { ConfigError } from '../stack/errors.ts';
import { findsBotsAtRuntime } from '../fixtures/build-probe.ts';
import { describeStack } from '../fixtures/describe-stack.ts';
import { deployDeadlineMs, deployTarget } from '../fixtures/bot-target.ts';
import { browserLaunchOptions } from '../fixtures/browser.ts';
import { ChatPage } from '../fixtures/pages/chat-page.ts';
import { ConversationRecorder } from '../fixtures/conversations/record.ts';
import { LlmAdmin } from '../standins/clients.ts';

const usage = 'usage: npm run conversations:record -- path/to/<name>.gbai [--out FILE] [--forward URL]';
const fail = (e: unknown, code = 2): never => {
  process.stderr.write(`npm run conversations:record: ${(e as Error).message ?? e}\n${usage}\n`);
  process.exit(code);
};
let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ options: { out: { type: 'string' }, forward: { type: 'string' } }, allowPositionals: true });
}
try {
  args = parse();
} catch (e) {
  fail(e);
}
const [dir] = args!.positionals;
if (!dir || args!.positionals.length > 1) fail(new Error('name one bot package folder'));
if (args!.values.forward !== undefined && !/^https?:\/\//.test(args!.values.forward))
  fail(new ConfigError('--forward', `"${args!.values.forward}" is no http(s) URL of an OpenAI-compatible endpoint`));
if (!process.env.DISPLAY)
  fail(
    new ConfigError(
      'DISPLAY',
      'recording opens a browser window for you to chat in, and no display is set: run it on your desktop (or under a remote desktop)',
    ),
  );
const pkg = await loadBotPackage(dir!, 'the bot package').catch(fail);
const out = resolve(
  args!.values.out ??
    join(pkg.dir, `${pkg.name}.gbtest`, `recorded-${new Date().toISOString().replace(/[:.]/g, '-')}.yml`),
);

const stack = await TemporaryStack.start({
  config: loadConfig(process.env),
  findsBotsAtRuntime,
  log: (l) => process.stderr.write(`[stack] ${l}\n`),
}).catch((e) => fail(e, 1));
let done = false;
let recording = false;
const finish = async (code: number) => {
  if (!done) {
    done = true;
    await stack.shutdown();
    process.exit(code);
  }
};
// Ctrl-C while recording writes the file first; before, it only stops the stack.
process.on('SIGINT', () => {
  if (!recording) void finish(130);
});
try {
  const info = await describeStack(stack);
  const id = `rec${randomBytes(4).toString('hex')}`;
  const bot = await deployBot(deployTarget(info), renamePackage(pkg, `${pkg.name}${randomBytes(3).toString('hex')}`), {
    deadlineMs: deployDeadlineMs(info),
    llmRoute: `/c/${id}`,
  });
  const llm = new LlmAdmin(info.llmUrl!);
  await llm.record(
    id,
    args!.values.forward ? { url: args!.values.forward, key: process.env.RECORD_LLM_KEY } : undefined,
  );
  // Ctrl-C is ours: the file is written from the open page before the browser closes.
  const browser = await chromium.launch({ ...browserLaunchOptions(true), headless: false, handleSIGINT: false });
  const page = await browser.newPage({ baseURL: info.uiUrl });
  const chat = new ChatPage(page);
  const recorder = await ConversationRecorder.start(chat, llm, id);
  await chat.openBot(bot.name);
  process.stderr.write(`[record] chat with ${pkg.name} in the browser window; close it (or Ctrl-C) to write ${out}\n`);
  let text = await recorder.conversation(`recorded from ${basename(pkg.dir)}`);
  const write = async () => {
    text = await recorder
      .conversation(
        `recorded from ${basename(pkg.dir)}`,
        dirname(out) === join(pkg.dir, `${pkg.name}.gbtest`) ? undefined : pkg.dir,
      )
      .catch(() => text);
  };
  const timer = setInterval(() => void write(), 2000);
  recording = true;
  await new Promise<void>((r) => {
    page.on('close', () => r());
    process.once('SIGINT', () => r());
  });
  clearInterval(timer);
  if (!page.isClosed()) await write();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  process.stderr.write(`[record] wrote ${out}\n`);
  await browser.close().catch(() => undefined);
  await finish(0);
} catch (e) {
  process.stderr.write(`npm run conversations:record: ${(e as Error).message}\n`);
  await finish(1);
}
