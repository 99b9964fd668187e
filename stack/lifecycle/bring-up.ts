/**
 * The bring-up: the stack's credentials and first state, then the registry's entries (stack/services/registry.ts)
 * started wave by wave — every entry of a wave in parallel, each ready by its own check, a wave only once the one
 * before is ready. The first failure ends it (the caller stops what started).
 */
import { randomToken } from '../secrets.ts';
import { startTime } from '../process-ledger.ts';
import type { Credentials } from '../providers/provider.ts';
import type { StackConfig } from '../config.ts';
import type { StackState } from '../state-file.ts';
import type { TempDirLayout } from '../temp-dir.ts';
import type { ServiceEntry, StackContext, StartedService } from '../services/types.ts';
import type { StackLedger } from './ledger.ts';

/** Credentials made for this stack alone (random; the database named after the stack's id). */
export function newCredentials(layout: TempDirLayout): Credentials {
  return {
    dbUser: `bs_${randomToken(4)}`,
    dbPassword: randomToken(16),
    dbName: `botserver_test_${layout.id.replace(/-/g, '_')}`,
    redisPassword: randomToken(16),
    s3AccessKey: `e2e${randomToken(6)}`,
    s3SecretKey: randomToken(20),
  };
}

/** The secrets the stand-ins and the platform get (redacted from every report). */
export function newServiceSecrets(): StackContext['secrets'] {
  return { directoryClientId: `e2e-client-${randomToken(4)}`, directoryClientSecret: randomToken(16), llmKey: randomToken(12), jwtSecret: randomToken(32), vaultToken: randomToken(8) };
}

/** state.json as a stack starts: owned by this process, nothing started yet. */
export function newStackState(layout: TempDirLayout, config: StackConfig, provider: { name: StackState['provider']; reason: string }, recordFile: string): StackState {
  return {
    id: layout.id,
    dir: layout.dir,
    ownerPid: process.pid,
    ownerStart: startTime(process.pid),
    recordFile,
    processes: [],
    extraDirs: [],
    provider: provider.name,
    providerReason: provider.reason,
    status: 'starting',
    keepOnError: config.keepOnError,
    keepAlways: config.keepAlways,
    createdAt: new Date().toISOString(),
    services: {},
    timings: {},
    env: {},
  };
}

/**
 * Starts `entries` wave by wave with `start` (which records each); after each wave, `afterWave(wave)`. Rejects with
 * the first failure of a wave, or when `stopped()` says the stack is being stopped before a wave begins.
 */
export async function startWaves(entries: ServiceEntry[], start: (e: ServiceEntry) => Promise<StartedService>, stopped: () => boolean, afterWave: (wave: number) => Promise<void>): Promise<void> {
  for (const wave of [...new Set(entries.map((e) => e.wave))].sort((a, b) => a - b)) {
    if (stopped()) throw new Error('the stack was stopped while it was starting');
    const results = await Promise.allSettled(entries.filter((e) => e.wave === wave).map(start));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    await afterWave(wave);
  }
}

/** The entries this stack runs (their `when`), given its context. */
export function entriesFor(all: ServiceEntry[], ctx: StackContext): ServiceEntry[] {
  return all.filter((e) => e.when?.(ctx) ?? true);
}

/** The context every service's start gets (stack/services/types.ts): `parts`, with its records kept in `ledger`. */
export function stackContext(parts: Omit<StackContext, 'register' | 'registerProcess' | 'registerDir' | 'releaseDir'>, ledger: StackLedger): StackContext {
  return {
    ...parts,
    register: (service, pid) => ledger.register(service, pid),
    registerProcess: (name, pid) => ledger.registerProcess(name, pid),
    registerDir: (dir) => ledger.registerDir(dir),
    releaseDir: (dir) => ledger.releaseDir(dir),
  };
}
