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
import { probeBuild } from './fixtures/build-probe.ts';
import { describeStack } from './fixtures/describe-stack.ts';
import { openRunSecrets } from './fixtures/artifacts/run-secrets.ts';

async function attach(url: string): Promise<StackInfo> {
  const base = url.replace(/\/+$/, '');
  try {
    const r = await fetch(`${base}/health`, { signal: AbortSignal.timeout(5000) });
    if (!r.ok) throw new Error(`GET /health answered ${r.status}`);
  } catch (e) {
    throw new ConfigError('BOTSERVER_URL', `${base} does not answer (${(e as Error).message}): start the platform there, or unset BOTSERVER_URL to let the suite start its own stack`);
  }
  const ui = (process.env.BOTUI_URL || base).replace(/\/+$/, '');
  return {
    uiUrl: ui, apiUrl: base, ...(await probeBuild(base)),
    databaseUrl: process.env.DATABASE_URL, redisUrl: process.env.REDIS_URL, llmUrl: process.env.LLM_URL, directoryUrl: process.env.DIRECTORY_URL,
    defaultUser: process.env.E2E_USER_EMAIL && process.env.E2E_USER_PASSWORD ? { email: process.env.E2E_USER_EMAIL, password: process.env.E2E_USER_PASSWORD } : undefined,
    secrets: [process.env.E2E_USER_PASSWORD ?? ''].filter(Boolean),
  };
}

export default async function globalSetup(_config: FullConfig): Promise<void> {
  const state = runState();
  if (process.env.BOTSERVER_URL) {
    process.stderr.write(`[e2e] BOTSERVER_URL is set: attaching to ${process.env.BOTSERVER_URL}, no stack is started\n`);
    const info = await attach(process.env.BOTSERVER_URL);
    openRunSecrets(info.secrets);
    process.env[STACK_ENV] = JSON.stringify(info);
    return;
  }
  const stack = await TemporaryStack.start({ config: loadConfig(), log: (l) => process.stderr.write(`[stack] ${l}\n`) });
  state.stack = stack;
  try {
    await describe(stack);
  } catch (e) {
    await stack.shutdown({ failed: true });
    throw e;
  }
}

/** Hands the started stack's coordinates to the workers (E2E_STACK). */
async function describe(stack: TemporaryStack): Promise<void> {
  Object.assign(runState().timings, stack.state.timings);
  const info = await describeStack(stack);
  openRunSecrets(info.secrets, stack.dir);
  process.env[STACK_ENV] = JSON.stringify(info);
  process.env.BOTSERVER_TEMP_STACK_DIR = stack.dir;
  process.stderr.write(`[e2e] build under test: ${info.build.decidedBy}\n`);
}
