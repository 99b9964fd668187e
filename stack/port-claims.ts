/**
 * Free ports that are safe across processes. get-port finds a port that is free now and remembers it only within
 * its own process; the child that binds it starts later, so two stacks starting at once (two suites, two CLIs)
 * could pick the same one. A port is therefore also claimed in a directory every stack on the machine shares, by
 * creating `<port>` exclusively (holding the owner pid and the stack id); a claim is honoured while its owner
 * runs, released when the stack stops, and taken over when its owner is gone.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import getPort from 'get-port';
import { processAlive } from './process-alive.ts';

/** Ports are machine-wide, so the claims are too: the same folder whatever TMPDIR a run has. */
export const CLAIMS_DIR = '/tmp/botserver-e2e-port-claims';

/** Claims `port` for `stackId` unless a running process holds it; a dead owner's claim is taken over. */
export function tryClaim(port: number, stackId: string): boolean {
  const file = join(CLAIMS_DIR, String(port));
  const create = () => {
    try {
      writeFileSync(file, `${process.pid} ${stackId}\n`, { flag: 'wx', mode: 0o644 });
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    }
  };
  if (create()) return true;
  let owner = 0;
  try {
    owner = Number(readFileSync(file, 'utf8').split(' ')[0]);
  } catch {
    /* released meanwhile */
  }
  if (owner && processAlive(owner)) return false;
  rmSync(file, { force: true }); // the owner is gone: take the claim over (exclusively, in case another does too)
  return create();
}

/** A port of 127.0.0.1 that is free and claimed for this stack. */
export async function claimPort(stackId: string): Promise<number> {
  mkdirSync(CLAIMS_DIR, { recursive: true, mode: 0o1777 });
  const refused: number[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await getPort({ host: '127.0.0.1', exclude: refused });
    if (tryClaim(port, stackId)) return port;
    refused.push(port);
  }
  throw new Error(`no free port could be claimed in 50 attempts (claims in ${CLAIMS_DIR})`);
}

/** Releases every claim of this stack (synchronous: also called on process exit). Returns how many it released. */
export function releasePorts(stackId: string): number {
  let names: string[];
  try {
    names = readdirSync(CLAIMS_DIR);
  } catch {
    return 0;
  }
  let released = 0;
  for (const name of names) {
    const file = join(CLAIMS_DIR, name);
    try {
      if (readFileSync(file, 'utf8').trim().split(' ')[1] === stackId) {
        rmSync(file, { force: true });
        released++;
      }
    } catch {
      /* released meanwhile */
    }
  }
  return released;
}
