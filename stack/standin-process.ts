import { fileURLToPath } from 'node:url';
import { claimPort } from './port-claims.ts';
import { ManagedProcess } from './managed-process.ts';
import { Restartable } from './restartable.ts';
import { waitUntilReady } from './readiness.ts';
import { httpOk } from './checks.ts';

const SERVE = fileURLToPath(new URL('../standins/serve.ts', import.meta.url));

export interface StartedStandIn {
  url: string;
  port: number;
  process: Restartable;
}

/** Starts one stand-in (llm, directory, vault) as its own process on a free 127.0.0.1 port and waits for it. */
export async function startStandIn(name: 'llm' | 'directory' | 'vault', logFile: string, deadlineMs: number, env: Record<string, string> = {}, cwd?: string, register?: (service: string, pid: number) => void, stackId = 'standalone'): Promise<StartedStandIn> {
  const port = await claimPort(stackId);
  const options = { name, command: process.execPath, args: [SERVE, name, '--port', String(port)], env, logFile, cwd };
  const proc = ManagedProcess.start(options);
  register?.(name, proc.pid);
  const url = `http://127.0.0.1:${port}`;
  const restartable = new Restartable(proc, { process: options, ready: async () => { await httpOk(`${url}/__admin/health`); }, what: 'GET /__admin/health', deadlineMs, graceMs: 2000, register: (pid) => register?.(name, pid) });
  try {
    await waitUntilReady(() => httpOk(`${url}/__admin/health`), { service: `${name} stand-in`, what: 'GET /__admin/health', deadlineMs, logFile, process: proc });
  } catch (e) {
    await proc.stop(1000);
    throw e;
  }
  return { url, port, process: restartable };
}
