#!/usr/bin/env node
/**
 * botserver-temp-stack: starts the same temporary stack the suite uses, for manual work.
 * stdout carries only `export NAME='value'` lines (so `eval "$(npx botserver-temp-stack)"` works); everything
 * else goes to stderr. Stays up until SIGINT/SIGTERM, --timeout, or its caller (the npx wrapper) goes away; then cleans up.
 */
import { parseArgs } from 'node:util';
import 'dotenv/config';
import { loadConfig, parseProvider } from './config.ts';
import { ConfigError } from './errors.ts';
import { TemporaryStack } from './temporary-stack.ts';
import { exportLines } from './shell-exports.ts';
import { watchCaller } from './caller-watch.ts';

const HELP = `usage: botserver-temp-stack [--timeout SECONDS] [--provider auto|containers|local] [--keep] [--no-platform] [--bot DIR]…

Starts PostgreSQL, Redis, S3, the LLM and directory stand-ins and the platform (the reference platform, or
BOTSERVER_BIN) in a temp dir, prints export lines on stdout, and stays up until Ctrl-C, SIGTERM or the timeout.
  npx botserver-temp-stack --timeout 900 > stack.env &      # the export lines appear once it is ready
  until [ -s stack.env ]; do sleep 0.2; done; . ./stack.env
  --bot path/to/mybot.gbai (repeatable) deploys a bot package into the stack's drive and waits until the platform
  took it up (its dialogs compiled, its config.csv loaded) before printing the exports; a package that is not valid
  is refused at once. Its chat: $BOTUI_URL/mybot/ (or $BOTSERVER_URL/mybot/).
Settings come from the environment and .env (see the README's configuration table).`;

function fail(message: string, code = 2): never {
  process.stderr.write(`botserver-temp-stack: ${message}\n`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      timeout: { type: 'string' },
      provider: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'no-platform': { type: 'boolean', default: false },
      bot: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (e) {
  fail(`${(e as Error).message}\n${HELP}`);
}
if (args.help) {
  process.stderr.write(`${HELP}\n`);
  process.exit(0);
}

let stack: TemporaryStack | undefined;
let stopping = false;
async function stop(signal: string, code: number) {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`botserver-temp-stack: ${signal}, stopping the stack\n`);
  await stack?.shutdown();
  process.exit(code);
}
// A signal during setup must clean up too: the stack object exists as soon as its temp dir does.
process.on('SIGINT', () => void stop('SIGINT', 130));
process.on('SIGTERM', () => void stop('SIGTERM', 143));
process.on('SIGHUP', () => void stop('SIGHUP', 129));
// `npx botserver-temp-stack … &` then `kill` of that job reaches npm, not this process: stop with the caller.
watchCaller((who) => void stop(`its caller ${who} is gone`, 129));

try {
  const overrides: Parameters<typeof loadConfig>[1] = {};
  if (args.provider) overrides.provider = parseProvider(args.provider, '--provider');
  if (args.keep) overrides.keepAlways = true;
  if (args.bot?.length) Object.assign(overrides, { botPackages: args.bot, botPackagesFrom: '--bot' });
  if (args.timeout !== undefined) {
    const n = Number(args.timeout);
    if (!Number.isFinite(n) || n <= 0) throw new ConfigError('--timeout', `"${args.timeout}" is not a positive number of seconds`);
    overrides.timeoutSeconds = n;
  }
  const config = loadConfig(process.env, overrides);
  stack = await TemporaryStack.spawn({ config, platform: !args['no-platform'], log: (l) => process.stderr.write(`[stack] ${l}\n`) });
  await stack.waitReady();
  if (stopping) await new Promise(() => undefined);
  process.stdout.write(`${exportLines(stack.env())}\n`);
  process.stderr.write(`botserver-temp-stack: ready; state in ${stack.layout.stateFile}. Ctrl-C (or SIGTERM) stops it${config.timeoutSeconds ? `; it stops by itself after ${config.timeoutSeconds} s` : ''}.\n`);
  await stack.stopped;
  if (stopping) await new Promise(() => undefined);
  process.exit(0);
} catch (e) {
  if (stopping) await new Promise(() => undefined);
  fail((e as Error).message, 1);
}
