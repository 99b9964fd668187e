/**
 * Launches the platform under test: BOTSERVER_BIN (+ BOTSERVER_ARGS) or, by default, the reference platform,
 * and optionally BOTUI_BIN in front of it. Readiness: GET /health 200, then GET /api/health with database:true.
 * An exit before ready fails at once with the exit status and the last 40 log lines.
 */
import { fileURLToPath } from 'node:url';
import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.ts';
import { claimPort } from './port-claims.ts';
import { waitUntilReady } from './readiness.ts';
import { httpOk } from './checks.ts';
import { ServiceStartError } from './errors.ts';
import { logTail } from './log-tail.ts';

const REFERENCE = fileURLToPath(new URL('../platform/server.ts', import.meta.url));

export interface LaunchInput {
  bin?: string;
  args: string[];
  botuiBin?: string;
  botuiUiDir?: string;
  cwd: string;
  env: Record<string, string>;
  port: number;
  logFile: string;
  botuiLogFile: string;
  readyMs: number;
  /** The reference platform's build profile (REFERENCE_PROFILE); ignored for a real build. */
  referenceProfile?: string;
  /** REFERENCE_MUTATIONS, for the project's tests; ignored for a real build. */
  referenceMutations?: string;
  /** The stack the ports are claimed for (stack/port-claims.ts). */
  stackId?: string;
  /** botui's port when it was started before (a restart keeps it); else one is claimed. */
  botuiPort?: number;
  /** Called as soon as a process is started (before it is ready), so that a shutdown can stop it. */
  onStart?: (name: 'botserver' | 'botui', proc: ManagedProcess) => void;
}

async function apiHealthWithDatabase(url: string): Promise<void> {
  await httpOk(`${url}/health`);
  const r = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
  const body = (await r.json().catch(() => ({}))) as { database?: unknown; status?: unknown };
  if (r.status !== 200 || body.database !== true)
    throw new Error(`/api/health answered ${r.status} ${JSON.stringify(body)}`);
}

/** Starts BotServer (BOTSERVER_BIN) or the reference platform and waits until it is ready. */
export async function launchServer(
  i: LaunchInput,
): Promise<{ kind: 'reference' | 'botserver'; apiUrl: string; process: ManagedProcess }> {
  const kind = i.bin ? 'botserver' : 'reference';
  const name = kind === 'reference' ? 'reference platform' : 'botserver';
  const apiUrl = `http://127.0.0.1:${i.port}`;
  const proc = ManagedProcess.start({
    name,
    command: i.bin ?? process.execPath,
    args: i.bin ? i.args : [REFERENCE, ...i.args],
    // The reference platform's login lockout is 3 s here (900 s by default), so the brute-force spec sees it end.
    env: i.bin
      ? i.env
      : {
          ...i.env,
          REFERENCE_PROFILE: i.referenceProfile ?? 'intended',
          REFERENCE_MUTATIONS: i.referenceMutations ?? '',
          LOGIN_LOCKOUT_SECONDS: '3',
        },
    cwd: i.cwd,
    logFile: i.logFile,
  });
  i.onStart?.('botserver', proc);
  try {
    await waitUntilReady(() => apiHealthWithDatabase(apiUrl), {
      service: name,
      what: 'GET /health then /api/health with "database":true',
      deadlineMs: i.readyMs,
      logFile: i.logFile,
      process: proc,
      intervalMs: 50,
    }).catch(async (e) => {
      if (!proc.running)
        throw new ServiceStartError(
          name,
          `the process ${proc.describeExit()} before it was ready`,
          i.logFile,
          await logTail(i.logFile, 40),
        );
      throw e;
    });
  } catch (e) {
    await proc.stop(2000);
    throw e;
  }
  return { kind, apiUrl, process: proc };
}

/** Starts botui (BOTUI_BIN) in front of the server at `apiUrl`, from a working dir holding its `ui/` folder. */
export async function launchBotui(i: LaunchInput, apiUrl: string): Promise<{ uiUrl: string; process: ManagedProcess }> {
  const uiPort = i.botuiPort ?? (await claimPort(i.stackId ?? 'standalone'));
  const uiCwd = join(i.cwd, 'botui');
  await mkdir(uiCwd, { recursive: true });
  if (i.botuiUiDir) await symlink(i.botuiUiDir, join(uiCwd, 'ui')).catch(() => undefined);
  const proc = ManagedProcess.start({
    name: 'botui',
    command: i.botuiBin!,
    args: [],
    cwd: uiCwd,
    logFile: i.botuiLogFile,
    env: { ...i.env, BOTUI_PORT: String(uiPort), PORT: String(uiPort), BOTSERVER_URL: apiUrl },
  });
  i.onStart?.('botui', proc);
  const uiUrl = `http://127.0.0.1:${uiPort}`;
  try {
    await waitUntilReady(() => httpOk(`${uiUrl}/health`), {
      service: 'botui',
      what: 'GET /health',
      deadlineMs: i.readyMs,
      logFile: i.botuiLogFile,
      process: proc,
    });
  } catch (e) {
    await proc.stop(1000);
    throw e;
  }
  return { uiUrl, process: proc };
}
