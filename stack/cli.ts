#!/usr/bin/env node
/**
 * botserver-temp-stack: starts the same temporary stack the suite uses, for manual work.
 * stdout carries only `export NAME='value'` lines (so `eval "$(npx botserver-temp-stack)"` works); everything
 * else goes to stderr. With `--exports-file FILE` the same lines go to FILE instead, written atomically once the stack
 * is ready and removed when it stops; a failed start exits non-zero at once and writes no file. (Not `--env-file`:
 * Node takes any `--env-file` on its command line for itself, npx's included, and stops when the file is missing.) Stays up until
 * SIGINT/SIGTERM, --timeout, or its caller (the npx wrapper) goes away; then cleans up.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import 'dotenv/config';
import { loadConfig, parseProvider } from './config.ts';
import { ConfigError } from './errors.ts';
import { TemporaryStack } from './temporary-stack.ts';
import { exportLines } from './shell-exports.ts';
import { watchCaller } from './caller-watch.ts';
import { stillRunning } from './process-ledger.ts';
import type { StackState } from './state-file.ts';
import { findsBotsAtRuntime } from '../fixtures/build-probe.ts';
import { platformTempLeftovers } from '../lib/temp-leftovers.ts';

const HELP = `usage: botserver-temp-stack [--exports-file FILE] [--timeout SECONDS] [--provider auto|containers|local] [--keep] [--no-platform] [--bot DIR]…

Starts PostgreSQL, Redis, S3, the LLM and directory stand-ins and the platform (the reference platform, or
BOTSERVER_BIN) in a temp dir, prints export lines on stdout (or writes them to FILE, atomically, once the stack is
ready; FILE is removed when the stack stops), and stays up until Ctrl-C, SIGTERM or the timeout. A stack that
cannot start exits non-zero at once. By hand (docs/stack.md: The stack by hand):
  rm -f stack.env; npx botserver-temp-stack --timeout 900 --exports-file stack.env &
  while [ ! -e stack.env ] && kill -0 $! 2>/dev/null; do sleep 0.2; done; . ./stack.env
  --bot path/to/mybot.gbai (repeatable) deploys a bot package into the stack's drive and waits until the platform
  took it up (its dialogs compiled, its config.csv loaded) before the exports are written; a package that is not
  valid is refused at once. Its chat: $BOTUI_URL/mybot/ (or $BOTSERVER_URL/mybot/).
Settings come from the environment and .env (see the configuration table of docs/stack.md).`;

function fail(message: string, code = 2, hint = ''): never {
  process.stderr.write(`botserver-temp-stack: ${message}${hint ? `\n${hint}` : ''}\n`);
  process.exit(code);
}

/**
 * An env file left by an earlier stack is removed (a stale file would point a shell at dead ports); one whose stack
 * still runs is refused, naming that stack.
 */
function clearEnvFile(file: string): void {
  if (!existsSync(file)) return;
  const dir = /^export BOTSERVER_TEMP_STACK_DIR='([^']*)'$/m.exec(readFileSync(file, 'utf8'))?.[1];
  let state: StackState | undefined;
  try {
    state = dir ? (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as StackState) : undefined;
  } catch {
    /* that stack is gone */
  }
  if (state && state.status !== 'stopped' && stillRunning({ pid: state.ownerPid, start: state.ownerStart })) {
    throw new ConfigError(
      '--exports-file',
      `${file} belongs to a stack that still runs (${dir}, pid ${state.ownerPid}): stop that one first (kill ${state.ownerPid}), or give another file`,
    );
  }
  rmSync(file, { force: true });
}

let args;
try {
  args = parseArgs({
    options: {
      timeout: { type: 'string' },
      'exports-file': { type: 'string' },
      provider: { type: 'string' },
      keep: { type: 'boolean', default: false },
      'no-platform': { type: 'boolean', default: false },
      bot: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }).values;
} catch (e) {
  fail(`${(e as Error).message}`, 2, 'Run `npx botserver-temp-stack --help` for the options.');
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
  reportPlatformLeftovers();
  process.exit(code);
}
/** Names what the platform left in the machine's temp dir since the stack started (lib/temp-leftovers.ts). */
function reportPlatformLeftovers(): void {
  const left = stack ? platformTempLeftovers(Date.parse(stack.state.createdAt)) : [];
  if (left.length)
    process.stderr.write(
      `botserver-temp-stack: the platform left ${left.length} file(s) in the machine's temp dir, outside the stack: ${left.join(', ')}\n`,
    );
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
    if (!Number.isFinite(n) || n <= 0)
      throw new ConfigError(
        '--timeout',
        `"${args.timeout}" is not a positive number of seconds; give e.g. --timeout 900, or leave it out to stay up until stopped`,
      );
    overrides.timeoutSeconds = n;
  }
  const envFile = args['exports-file'] === undefined ? undefined : resolve(args['exports-file']);
  if (envFile !== undefined && (args['exports-file'] === '' || !existsSync(join(envFile, '..')))) {
    throw new ConfigError(
      '--exports-file',
      `"${args['exports-file']}" is not a file in an existing folder; give e.g. --exports-file stack.env`,
    );
  }
  if (envFile) clearEnvFile(envFile);
  const config = loadConfig(process.env, overrides);
  stack = await TemporaryStack.spawn({
    config,
    platform: !args['no-platform'],
    findsBotsAtRuntime,
    log: (l) => process.stderr.write(`[stack] ${l}\n`),
  });
  await stack.waitReady();
  if (stopping) await new Promise(() => undefined);
  if (envFile) await stack.writeEnvFile(envFile);
  else process.stdout.write(`${exportLines(stack.env())}\n`);
  process.stderr.write(
    `botserver-temp-stack: ready; state in ${stack.layout.stateFile}${envFile ? `; exports in ${envFile}` : ''}. Ctrl-C (or SIGTERM) stops it${config.timeoutSeconds ? `; it stops by itself after ${config.timeoutSeconds} s` : ''}.\n`,
  );
  await stack.stopped;
  if (stopping) await new Promise(() => undefined);
  reportPlatformLeftovers();
  process.exit(0);
} catch (e) {
  if (stopping) await new Promise(() => undefined);
  const what =
    e instanceof ConfigError
      ? 'Fix that setting and run it again (`--help` lists the options).'
      : stack
        ? 'Nothing of the stack is left (its temp dir is removed unless KEEP_TEMP_STACK_ON_ERROR/KEEP_TEMP_STACK).'
        : '';
  fail((e as Error).message, e instanceof ConfigError ? 2 : 1, what);
}
