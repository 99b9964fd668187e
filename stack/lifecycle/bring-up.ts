/**
 * The bring-up: the stack's credentials and first state, then the stack's services (stack/services/registry.ts)
 * started wave by wave — every entry of a wave in parallel, each ready by its own check, a wave only once the one
 * before is ready. The first failure ends it (the caller stops what started).
 */
import { randomToken } from '../secrets.ts';
import { startTime } from '../process-ledger.ts';
import type { Credentials } from '../providers/provider.ts';
import type { StackConfig } from '../config.ts';
import type { StackState } from '../state-file.ts';
import type { TempDirLayout } from '../temp-dir.ts';
import type { StackContext, StackService, StartedService } from '../services/types.ts';
import { stateNameOf, thenWave } from '../services/registry.ts';
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
  return {
    directoryClientId: `e2e-client-${randomToken(4)}`,
    directoryClientSecret: randomToken(16),
    llmKey: randomToken(12),
    jwtSecret: randomToken(32),
    vaultToken: randomToken(8),
  };
}

/** state.json as a stack starts: owned by this process, nothing started yet. */
export function newStackState(
  layout: TempDirLayout,
  config: StackConfig,
  provider: { name: StackState['provider']; reason: string },
  recordFile: string,
): StackState {
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

/** A service of this stack with its wave (stack/services/registry.ts `waves`). */
export interface Planned {
  service: StackService;
  wave: number;
}

/**
 * Starts `planned` (in `ctx`) wave by wave with `start` (which records each); after each wave, the `then` steps that are due
 * (thenWave) and `afterWave(wave)`. Rejects with the first failure of a wave, or when `stopped()` says the stack is
 * being stopped before a wave begins.
 */
export async function startWaves(
  planned: Planned[],
  ctx: StackContext,
  start: (s: StackService) => Promise<StartedService>,
  stopped: () => boolean,
  afterWave: (wave: number) => Promise<void>,
): Promise<void> {
  const started = new Map<string, StartedService>();
  const lastWave = Math.max(0, ...planned.map((p) => p.wave));
  for (let wave = 1; wave <= lastWave; wave++) {
    if (stopped()) throw new Error('the stack was stopped while it was starting');
    const now = planned.filter((p) => p.wave === wave);
    const results = await Promise.allSettled(now.map(async (p) => started.set(p.service.key, await start(p.service))));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    for (const p of planned.filter((q) => q.service.then && thenWave(q.service, planned) === wave))
      await p.service.then!.run(started.get(p.service.key)!, ctx);
    await afterWave(wave);
  }
}

/** The context every service's start gets (stack/services/types.ts): `parts`, with its records kept in `ledger`. */
export function stackContext(
  parts: Omit<StackContext, 'register' | 'registerProcess' | 'registerDir' | 'releaseDir' | 'service' | 'running'>,
  ledger: StackLedger,
  running: () => readonly StackService[],
): StackContext {
  const ctx: StackContext = {
    ...parts,
    register: (service, pid) => ledger.register(service, pid),
    registerProcess: (name, pid) => ledger.registerProcess(name, pid),
    registerDir: (dir) => ledger.registerDir(dir),
    releaseDir: (dir) => ledger.releaseDir(dir),
    get running() {
      return running();
    },
    service(key) {
      const def = running().find((s) => s.key === key);
      const svc = def && parts.started.get(stateNameOf(def, ctx));
      if (!svc)
        throw new Error(
          `the ${key} service has not started: a service that uses it must name it in its needs (stack/services/)`,
        );
      return svc;
    },
  };
  return ctx;
}

/** Starts `service` on `provider` (its `any` start, else the provider's). Resolves once it is ready; throws as its start does. */
export function startOn(
  provider: StackContext['provider'],
  service: StackService,
  ctx: StackContext,
): Promise<StartedService> {
  return ('any' in service.start ? service.start.any : service.start[provider])(ctx);
}

/** Throws when a started service's exports are not the names its file lists (naming both). */
export function checkExports(service: StackService, svc: StartedService): void {
  const gave = Object.keys(svc.env ?? {})
    .sort()
    .join(', ');
  if (gave !== [...service.exports].sort().join(', ')) {
    throw new Error(
      `stack/services/${service.key}.ts lists the exports [${service.exports.join(', ')}] but its start gave [${gave}]: make the two agree`,
    );
  }
}
