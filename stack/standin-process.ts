import { fileURLToPath } from 'node:url';
import { claimPort } from './port-claims.ts';
import { Restartable } from './restartable.ts';
import { httpOk } from './checks.ts';
import type { StackContext, StartedService } from './services/types.ts';

const SERVE = fileURLToPath(new URL('../standins/serve.ts', import.meta.url));

export interface StartedStandIn {
  url: string;
  port: number;
  process: Restartable;
}

/** Starts one stand-in (llm, directory, vault) as its own process on a free 127.0.0.1 port and waits for it. */
export async function startStandIn(
  name: 'llm' | 'directory' | 'vault',
  logFile: string,
  deadlineMs: number,
  env: Record<string, string> = {},
  cwd?: string,
  register?: (service: string, pid: number) => void,
  stackId = 'standalone',
): Promise<StartedStandIn> {
  const port = await claimPort(stackId);
  const url = `http://127.0.0.1:${port}`;
  const restartable = await Restartable.start({
    process: { name, command: process.execPath, args: [SERVE, name, '--port', String(port)], env, logFile, cwd },
    ready: () => httpOk(`${url}/__admin/health`),
    what: 'GET /__admin/health',
    service: `${name} stand-in`,
    deadlineMs,
    graceMs: 2000,
    register: (pid) => register?.(name, pid),
  });
  return { url, port, process: restartable };
}

/**
 * A stand-in as a stack service (the same on every provider: a process of the suite's own), with `env` for the
 * stand-in's process and `exports` for the stack's. Resolves once GET /__admin/health answers; throws as
 * Restartable.start does.
 */
export async function standInService(
  ctx: StackContext,
  name: 'llm' | 'directory' | 'vault',
  env: Record<string, string> = {},
  exports: (url: string) => Record<string, string> = () => ({}),
): Promise<StartedService> {
  const s = await startStandIn(
    name,
    ctx.layout.log(name),
    ctx.config.serviceReadyMs,
    env,
    ctx.layout.dir,
    ctx.register,
    ctx.layout.id,
  );
  return {
    state: {
      host: '127.0.0.1',
      port: s.port,
      url: s.url,
      pid: s.process.pid,
      kind: 'stand-in',
      log: ctx.layout.log(name),
      status: 'ready',
    },
    url: s.url,
    env: exports(s.url),
    stop: () => s.process.stop(),
    restartable: s.process,
  };
}
