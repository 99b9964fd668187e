/**
 * Starts the TemporaryStack with the platform (or attaches to BOTSERVER_URL) and hands its coordinates to the
 * workers through E2E_STACK. A failure stops everything already started and names the service and its log.
 */
import 'dotenv/config';
import type { FullConfig } from '@playwright/test';
import { TemporaryStack } from './stack/temporary-stack.ts';
import { loadConfig } from './stack/config.ts';
import { ConfigError } from './stack/errors.ts';
import { STACK_ENV, type StackInfo } from './fixtures/stack-info.ts';
import { runState } from './fixtures/run-state.ts';
import { describeStack, stackInfoFromExports } from './fixtures/describe-stack.ts';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadBotPackage } from './stack/bot-package.ts';
import { deployBot } from './stack/bot-deploy.ts';
import { deployDeadlineMs, deployTarget } from './fixtures/bot-target.ts';
import { workPathOf } from './stack/botserver-wiring.ts';
import { headedRequested, startVirtualDisplay } from './fixtures/virtual-display.ts';
import { openRunSecrets } from './fixtures/artifacts/run-secrets.ts';
import { findsBotsAtRuntime } from './fixtures/build-probe.ts';

async function attach(url: string): Promise<StackInfo> {
  const base = url.replace(/\/+$/, '');
  try {
    const r = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new Error(`GET /health answered ${r.status}`);
  } catch (e) {
    throw new ConfigError(
      'BOTSERVER_URL',
      `${base} does not answer (${(e as Error).message}): start the platform there, or unset BOTSERVER_URL to let the suite start its own stack`,
    );
  }
  return stackInfoFromExports(process.env, base, {
    ...attachedWorkDir(),
    secrets: [process.env.E2E_USER_PASSWORD ?? '', process.env.MINIO_SECRET_KEY ?? ''].filter(Boolean),
  });
}

/** The work dir and log of an attached stack (BOTSERVER_TEMP_STACK_DIR, its exports), for bot packages (fixtures/bot-test.ts). */
function attachedWorkDir(): Partial<StackInfo> {
  const dir = process.env.BOTSERVER_TEMP_STACK_DIR;
  return dir ? { workPath: workPathOf(join(dir, 'botserver')), ...platformLogOf(dir) } : {};
}

/** The platform's log in an attached stack's dir, from its state.json (where a compile error shows). */
function platformLogOf(dir: string): Partial<StackInfo> {
  try {
    const services = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).services ?? {};
    const log = services.botserver?.log ?? services.platform?.log;
    return log ? { platformLog: String(log) } : {};
  } catch {
    return {};
  }
}

/** E2E_BOT_PACKAGES on an attached stack: checked first, then deployed and waited for (a started stack does it itself). */
async function deployAttachedBots(info: StackInfo): Promise<void> {
  const { botPackages, botPackagesFrom } = loadConfig();
  const packages = await Promise.all(botPackages.map((dir) => loadBotPackage(dir, botPackagesFrom)));
  for (const pkg of packages) {
    const bot = await deployBot(deployTarget(info), pkg, {
      deadlineMs: deployDeadlineMs(info),
      log: (l) => process.stderr.write(`[e2e] ${l}\n`),
    });
    process.stderr.write(`[e2e] bot ${bot.name} ready: its chat ${info.uiUrl}/${bot.name}/\n`);
  }
}

export default async function globalSetup(config: FullConfig): Promise<void> {
  const state = runState();
  // `--headed` is said to the workers as HEADED=1 too: their browser is then the full Chromium, not its headless
  // shell (fixtures/browser.ts; the workers read the config again, with the environment global setup leaves).
  if (headedRequested(config)) process.env.HEADED = '1';
  // Headed anywhere: a virtual display where there is none, before any stack starts (or one line saying what to do).
  if (headedRequested(config) && !process.env.DISPLAY) {
    const display = await startVirtualDisplay();
    state.display = display;
    process.stderr.write(
      `[e2e] no display: the headed browser runs on a virtual display (Xvfb ${display.display}, pid ${display.pid}), stopped with the run\n`,
    );
  }
  if (process.env.BOTSERVER_URL) {
    process.stderr.write(
      `[e2e] BOTSERVER_URL is set: attaching to ${process.env.BOTSERVER_URL}, no stack is started\n`,
    );
    process.stderr.write(
      '[e2e] the fault project is skipped: its tests stop and restart services of a stack of their own, which an attached run does not have (unset BOTSERVER_URL to run it)\n',
    );
    const info = await attach(process.env.BOTSERVER_URL);
    openRunSecrets(info.secrets);
    await deployAttachedBots(info);
    process.env[STACK_ENV] = JSON.stringify(info);
    nameBuildInReport(config, info);
    return;
  }
  const t0 = Date.now();
  const stack = await TemporaryStack.start({
    config: loadConfig(),
    findsBotsAtRuntime,
    log: (l) => process.stderr.write(`[stack] ${l}\n`),
  });
  state.stack = stack;
  const t1 = Date.now();
  try {
    nameBuildInReport(config, await describe(stack));
  } catch (e) {
    await stack.shutdown({ failed: true });
    throw e;
  }
  // Where global setup's time went (docs/benchmarks.md "Where the suite's time goes").
  process.stderr.write(
    `[e2e] global setup: the stack in ${t1 - t0} ms, the build probe and the workers' coordinates in ${Date.now() - t1} ms\n`,
  );
}

/** The build the suite assumed, and why, in the report's header (config.metadata: the HTML report shows it). */
function nameBuildInReport(config: FullConfig, info: StackInfo): void {
  config.metadata = { ...config.metadata, 'build assumed': info.build.decidedBy };
}

/** Hands the started stack's coordinates to the workers (E2E_STACK). */
async function describe(stack: TemporaryStack): Promise<StackInfo> {
  Object.assign(runState().timings, stack.state.timings);
  const info = await describeStack(stack);
  openRunSecrets(info.secrets, stack.dir);
  process.env[STACK_ENV] = JSON.stringify(info);
  process.env.BOTSERVER_TEMP_STACK_DIR = stack.dir;
  process.stderr.write(`[e2e] build under test: ${info.build.decidedBy}\n`);
  return info;
}
