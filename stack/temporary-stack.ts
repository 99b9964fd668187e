/**
 * TemporaryStack: an isolated PostgreSQL + Redis + S3 stack, the stand-ins BotServer calls out to (LLM,
 * directory; Vault for a real build), and the platform under test, in one temp dir, in one call.
 *
 *   const stack = await TemporaryStack.spawn();   // temp dir, watchdog, every service starting in parallel
 *   await stack.waitReady();                      // readiness by real checks; a failure stops what started
 *   stack.env();                                  // the exports (DATABASE_URL, REDIS_URL, BOTSERVER_URL, …)
 *   await stack.shutdown();                       // graceful, then forced; removes the dir unless kept
 */
import { spawn as spawnChild } from 'node:child_process';
import { openSync, closeSync, existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releasePorts } from './port-claims.ts';
import { recordProcess, startTime, stopRecorded } from './process-ledger.ts';
import { describeRemoved, forgetStack, reapAbandoned, reapStackSync, recordStack, removeEnvFile } from './stack-records.ts';
import { exportLines } from './shell-exports.ts';
import { loadConfig, type StackConfig } from './config.ts';
import { createTempDir, type TempDirLayout } from './temp-dir.ts';
import { writeState, writeStateSync, type StackState } from './state-file.ts';
import { randomToken, mask } from './secrets.ts';
import { selectProvider } from './providers/select-provider.ts';
import type { Credentials, Provider } from './providers/provider.ts';
import { removeLabelledContainers } from './container-reaper.ts';
import type { Restartable } from './restartable.ts';
import { SERVICES, seedStackData } from './services/registry.ts';
import { loadBotPackage, type BotPackage } from './bot-package.ts';
import { uploadBot, waitTakenUp, type DeployTarget, type Upload } from './bot-deploy.ts';
import { BOT_SLOTS, seedBotSlots } from './bot-slots.ts';
import { probeBuild } from '../fixtures/build-probe.ts';
import { removeDirWhole } from './dir-removal.ts';
import { buildRecord } from '../builds/records.ts';
import { workPathOf } from './botserver-wiring.ts';
import { ConfigError } from './errors.ts';
import type { ServiceEntry, StackContext, StartedService } from './services/types.ts';

const WATCHDOG = fileURLToPath(new URL('./watchdog.ts', import.meta.url));
export { DEFAULT_USER } from './services/registry.ts';
export { BUCKET } from './botserver-wiring.ts';

export type FaultableService = 'postgres' | 'redis' | 'llm';

export interface StackOptions {
  /** Configuration; read from the environment when absent. */
  config?: StackConfig;
  /** Start the platform under test (default true). The stack alone is enough for the stack's own tests. */
  platform?: boolean;
  /** Folder the temp dir is created in (default: the OS temp dir). */
  tmpBase?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
}

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

export class TemporaryStack {
  readonly layout: TempDirLayout;
  readonly state: StackState;
  readonly config: StackConfig;
  readonly credentials: Credentials;
  private readonly startedAt = Date.now();
  private readonly started: Stoppable[] = [];
  /** Set when shutdown starts: whatever starts after that is stopped at once. */
  private aborted = false;
  /** Generated secrets that are not in env() (LLM key, directory client secret, JWT secret), for redaction. */
  private readonly generatedSecrets: string[] = [];
  private readonly log: (line: string) => void;
  private readyPromise: Promise<void> | undefined;
  private shutdownPromise: Promise<void> | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private readonly exitHandler = () => this.killAllSync();
  private markStopped!: () => void;
  private readonly stoppedPromise = new Promise<void>((resolve) => (this.markStopped = resolve));
  /** What the registry's entries started, by name (stack/services/registry.ts). */
  private readonly services = new Map<string, StartedService>();
  private ctx: StackContext | undefined;
  /** The platform's name in state.json, its log and messages: `botserver` for a BotServer build, else `platform`
   * (the reference platform is not BotServer). */
  get platformName(): 'botserver' | 'platform' {
    return this.config.botserverBin ? 'botserver' : 'platform';
  }

  private constructor(layout: TempDirLayout, config: StackConfig, state: StackState, credentials: Credentials, log: (l: string) => void) {
    this.layout = layout;
    this.config = config;
    this.state = state;
    this.credentials = credentials;
    this.log = log;
    process.on('exit', this.exitHandler);
  }

  get dir(): string {
    return this.layout.dir;
  }

  /** Checks the configuration, picks the provider, creates the temp dir and starts everything (not awaited). */
  static async spawn(opts: StackOptions = {}): Promise<TemporaryStack> {
    const config = opts.config ?? loadConfig();
    const log = opts.log ?? ((l: string) => process.stderr.write(`[stack] ${l}\n`));
    // Bot packages are checked before anything starts: a bad one is refused at once and leaves nothing behind.
    if (config.botPackages.length && opts.platform === false) throw new ConfigError(config.botPackagesFrom, 'bot packages need the platform to take them up; drop --no-platform');
    const bots = await Promise.all(config.botPackages.map((dir) => loadBotPackage(dir, config.botPackagesFrom)));
    await reapAbandonedStacks(config.recordsDir, log);
    const decision = await selectProvider(config.provider);
    log(`provider ${decision.provider.name}: ${decision.reason}`);
    const layout = await createTempDir(opts.tmpBase);
    const recordFile = recordStack(config.recordsDir, { id: layout.id, dir: layout.dir, stateFile: layout.stateFile });
    const credentials: Credentials = {
      dbUser: `bs_${randomToken(4)}`,
      dbPassword: randomToken(16),
      dbName: `botserver_test_${layout.id.replace(/-/g, '_')}`,
      redisPassword: randomToken(16),
      s3AccessKey: `e2e${randomToken(6)}`,
      s3SecretKey: randomToken(20),
    };
    const state: StackState = {
      id: layout.id,
      dir: layout.dir,
      ownerPid: process.pid,
      ownerStart: startTime(process.pid),
      recordFile,
      processes: [],
      extraDirs: [],
      provider: decision.provider.name,
      providerReason: decision.reason,
      status: 'starting',
      keepOnError: config.keepOnError,
      keepAlways: config.keepAlways,
      createdAt: new Date().toISOString(),
      services: {},
      timings: {},
      env: {},
    };
    const stack = new TemporaryStack(layout, config, state, credentials, log);
    await stack.save();
    stack.startWatchdog();
    log(`temp dir ${layout.dir}`);
    stack.readyPromise = stack.bringUp(decision.provider, opts.platform ?? true, bots);
    stack.readyPromise.then(() => stack.startTimeout(), () => undefined);
    return stack;
  }

  /** TEMP_STACK_TIMEOUT / --timeout: counted from the moment the stack is ready. */
  private startTimeout(): void {
    const seconds = this.config.timeoutSeconds;
    if (!seconds || this.aborted) return;
    this.state.timeoutAt = Date.now() + seconds * 1000; // the watchdog enforces it too, should this process hang
    void this.save().catch(() => undefined);
    this.timeoutTimer = setTimeout(() => {
      this.log(`timeout of ${seconds} s reached: shutting the stack down`);
      void this.shutdown();
    }, seconds * 1000);
  }

  /** spawn() + waitReady(); on failure everything started is stopped before the error is thrown. */
  static async start(opts: StackOptions = {}): Promise<TemporaryStack> {
    const stack = await TemporaryStack.spawn(opts);
    await stack.waitReady();
    return stack;
  }

  /** Resolves once every service answers its readiness check; on failure stops the stack and throws. */
  async waitReady(): Promise<void> {
    try {
      await this.readyPromise;
    } catch (e) {
      this.state.error = (e as Error).message;
      await this.shutdown({ failed: true });
      throw e;
    }
  }

  /** Resolves when the stack has been shut down (by shutdown(), a signal, or its timeout). */
  get stopped(): Promise<void> {
    return this.stoppedPromise;
  }

  private async save(): Promise<void> {
    if (this.aborted) return;
    await writeState(this.layout.stateFile, this.state);
  }

  private startWatchdog(): void {
    const fd = openSync(this.layout.log('watchdog'), 'a', 0o600);
    const child = spawnChild(process.execPath, [WATCHDOG, String(process.pid), this.layout.stateFile], { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.unref();
    this.state.watchdogPid = child.pid;
    this.state.watchdogStart = child.pid ? startTime(child.pid) : undefined;
  }

  /** A service's process just started: its pid goes into state.json at once (every cleanup path reads it there). */
  private register(service: string, pid: number): void {
    this.state.services[service] = { ...(this.state.services[service] ?? { status: 'starting' }), pid };
    this.registerProcess(service, pid);
  }

  /** Any process the stack started (a service's, or the pristine cluster's builder): recorded with its start time. */
  private registerProcess(name: string, pid: number): void {
    (this.state.processes ??= []).push(recordProcess(name, pid));
    this.saveSync();
  }

  /** A folder outside the temp dir that the stack is making: removed on every way the run ends until released. */
  private registerDir(dir: string): void {
    (this.state.extraDirs ??= []).push(dir);
    this.saveSync();
  }

  private releaseDir(dir: string): void {
    this.state.extraDirs = (this.state.extraDirs ?? []).filter((d) => d !== dir);
    this.saveSync();
  }

  /** state.json now, unless the stack is stopping (its dir may be going: what starts then is stopped by track()). */
  private saveSync(): void {
    if (this.aborted || this.state.status === 'stopped') return;
    try {
      writeStateSync(this.layout.stateFile, this.state);
    } catch { /* the dir is being removed */ }
  }

  /**
   * Writes the exports (`export NAME='value'` lines) to `file` atomically, once (a temp file renamed into place), and
   * records it in state.json, so that every way the stack ends removes it (shutdown, exit, watchdog, next start).
   */
  async writeEnvFile(file: string): Promise<void> {
    const path = resolve(file);
    this.state.envFile = path;
    await this.save();
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, `${exportLines(this.env())}\n`, { mode: 0o600 });
    await rename(tmp, path);
  }

  private track(svc: Stoppable): void {
    this.started.push(svc);
    if (this.aborted) void svc.stop().catch(() => undefined);
  }

  private timing(name: string): void {
    this.state.timings[name] = Date.now() - this.startedAt;
  }

  private async bringUp(provider: Provider, withPlatform: boolean, bots: BotPackage[]): Promise<void> {
    const uploads: Upload[] = [];
    const secrets = { directoryClientId: `e2e-client-${randomToken(4)}`, directoryClientSecret: randomToken(16), llmKey: randomToken(12), jwtSecret: randomToken(32), vaultToken: randomToken(8) };
    this.generatedSecrets.push(secrets.directoryClientSecret, secrets.llmKey, secrets.jwtSecret, secrets.vaultToken);
    this.ctx = {
      layout: this.layout, credentials: this.credentials, config: this.config, provider, secrets, withPlatform,
      platformName: this.platformName, started: this.services, log: this.log,
      register: (service, pid) => this.register(service, pid),
      registerProcess: (name, pid) => this.registerProcess(name, pid),
      registerDir: (dir) => this.registerDir(dir),
      releaseDir: (dir) => this.releaseDir(dir),
    };
    const ctx = this.ctx;
    const entries = SERVICES.filter((e) => e.when?.(ctx) ?? true);
    for (const wave of [...new Set(entries.map((e) => e.wave))].sort((a, b) => a - b)) {
      if (this.aborted) throw new Error('the stack was stopped while it was starting');
      const results = await Promise.allSettled(entries.filter((e) => e.wave === wave).map((e) => this.startService(e)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
      if (wave === 1) {
        this.timing('services.ready');
        await seedStackData(ctx);
        // Bots go into the drive before the platform starts: builds that discover bots at start only see them.
        if (withPlatform) for (const pkg of bots) uploads.push(await uploadBot(this.botTarget(), pkg, this.log));
      }
    }
    this.state.env = { BOTSERVER_TEMP_STACK_DIR: this.layout.dir, ...Object.assign({}, ...[...this.services.values()].map((s) => s.env ?? {})) };
    // Slot bots only for a build that needs them, known once it runs (stack/bot-slots.ts).
    if (withPlatform && (this.config.botserverBin || !buildRecord(this.config.referenceProfile).traits.newBotsAtRuntime)) await this.addBotSlotsIfNeeded();
    const platform = this.services.get(this.platformName);
    if (platform) this.log(`platform: ${platform.state.kind} at ${platform.url}${this.services.get('botui') ? `, botui at ${this.services.get('botui')!.url}` : ''}`);
    await this.waitForBots(uploads);
    this.state.status = 'ready';
    this.timing('stack.ready');
    await this.save();
    this.log(`ready in ${this.state.timings['stack.ready']} ms (db ${this.credentials.dbName}, user ${this.credentials.dbUser}, password ${mask(this.credentials.dbPassword)})`);
  }

  /** Where bot packages go in this stack (its drive, database, the platform's work dir and log); for tools that
   * deploy bots into a running stack (scripts/bots-census.ts). */
  deployTarget(): DeployTarget {
    return this.botTarget();
  }

  private botTarget(): DeployTarget {
    const s3 = this.services.get('s3')!;
    return {
      s3: { url: s3.url!, accessKey: this.credentials.s3AccessKey, secretKey: this.credentials.s3SecretKey },
      databaseUrl: this.services.get('postgres')!.url!, workPath: workPathOf(this.layout.botserver.root), logFile: this.layout.log(this.platformName),
    };
  }

  /**
   * Waits for the bot packages (E2E_BOT_PACKAGES, CLI `--bot`) uploaded before the platform started, each until
   * the platform took it up (stack/bot-deploy.ts); logs when each is ready and where its chat is.
   */
  private async waitForBots(uploads: Upload[]): Promise<void> {
    if (!uploads.length) return;
    const env = this.state.env;
    for (const upload of uploads) {
      if (this.aborted) throw new Error('the stack was stopped while it was waiting for its bots');
      const bot = await waitTakenUp(this.botTarget(), upload, { deadlineMs: this.config.botserverReadyMs, log: this.log });
      const errors = Object.entries(bot.dialogs).filter(([, d]) => d.status === 'error');
      this.log(`bot ${bot.name} ready: bucket ${bot.name}.gbai taken up in ${bot.readyMs} ms; its chat: ${env.BOTUI_URL ?? env.BOTSERVER_URL}/${bot.name}/`
        + (errors.length ? `; COMPILE ERRORS: ${errors.map(([k, d]) => `${k}: ${d.status === 'error' ? d.logLine : ''}`).join('; ')}` : ''));
    }
    this.timing('bots.ready');
  }

  /** Starts one entry of the registry and records it: state.json, its stop, its timing. */
  private async startService(entry: ServiceEntry): Promise<StartedService> {
    const name = entry.name(this.ctx!);
    this.state.services[name] = { ...(this.state.services[name] ?? {}), status: 'starting', log: this.layout.log(name) };
    const svc = await entry.start(this.ctx!);
    this.services.set(name, svc);
    this.track({ name, stop: svc.stop });
    this.state.services[name] = svc.state;
    this.timing(`${name}.ready`);
    await this.save();
    return svc;
  }

  /** The platform process's pid (BotServer or the reference platform), once started. */
  get platformPid(): number | undefined {
    return this.services.get(this.platformName)?.state.pid;
  }

  /**
   * For a build that finds bots at start only (PRE, caveat newBotNotDiscovered; known only once it runs, from
   * the build probe, fixtures/build-probe.ts): creates the slot bots' buckets (stack/bot-slots.ts) and restarts the
   * platform so that it finds them. Only such a build gets them: HEAD, with two dozen idle slot bots, took up none
   * of the buckets made after the first two (measured 2026-11-30). Resolves once the restarted platform is ready;
   * throws as a start does.
   */
  private async addBotSlotsIfNeeded(): Promise<void> {
    const t0 = Date.now();
    const { build } = await probeBuild(this.services.get(this.platformName)!.url!);
    if (build.newBotsAtRuntime) return;
    await seedBotSlots(this.botTarget());
    await this.restartPlatform();
    this.timing('botSlots.ready');
    await this.save();
    this.log(`this build finds bots at start only: ${BOT_SLOTS.length} slot bots created, platform restarted to find them (${Date.now() - t0} ms)`);
  }

  /**
   * A fresh platform process (and botui) on the same ports, with the same data: for fault specs, after a fault may
   * have left the old one damaged, and for the slot bots of a build that finds bots at start only. Its log goes on
   * in the same file.
   */
  async restartPlatform(): Promise<void> {
    const platformSide = new Set([this.platformName, 'botui']);
    const entries = SERVICES.filter((e) => platformSide.has(e.name(this.ctx!)) && (e.when?.(this.ctx!) ?? true));
    if (!entries.length) throw new Error('this stack runs no platform');
    for (const e of [...entries].reverse()) await this.services.get(e.name(this.ctx!))?.stop();
    for (const e of entries) await this.startService(e);
  }

  /**
   * Fault specs: stops one service (PostgreSQL, Redis or the LLM stand-in; local provider) while the platform
   * keeps running. `restore` starts it again on the same port with the same data and waits until it is ready.
   */
  async interrupt(name: FaultableService): Promise<void> {
    const r = this.restartable(name);
    await r.stop();
    this.state.services[name] = { ...this.state.services[name]!, status: 'interrupted' };
    await this.save();
  }

  async restore(name: FaultableService): Promise<void> {
    const r = this.restartable(name);
    const pid = await r.restart();
    this.state.services[name] = { ...this.state.services[name]!, pid, status: 'ready' };
    await this.save();
  }

  private restartable(name: FaultableService): Restartable {
    const r = this.services.get(name)?.restartable;
    if (!r) throw new Error(`${name} cannot be stopped and restarted in this stack (the ${this.state.provider} provider): the fault specs need STACK_PROVIDER=local`);
    return r;
  }

  /** Every secret this stack generated, to redact from logs and reports. */
  secrets(): string[] {
    const c = this.credentials;
    return [c.dbPassword, c.redisPassword, c.s3SecretKey, ...this.generatedSecrets];
  }

  /** The exports a shell or a test process needs (credentials included). */
  env(): Record<string, string> {
    return { ...this.state.env };
  }

  /**
   * Stops everything in reverse start order: graceful signal, then SIGKILL after a grace period; removes
   * labelled containers; removes the temp dir unless KEEP_TEMP_STACK, or KEEP_TEMP_STACK_ON_ERROR and a failure.
   * Idempotent: a second call waits for the first.
   */
  shutdown(opts: { failed?: boolean } = {}): Promise<void> {
    this.shutdownPromise ??= this.doShutdown(opts.failed ?? false);
    return this.shutdownPromise;
  }

  private async doShutdown(failed: boolean): Promise<void> {
    const t0 = Date.now();
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    this.state.status = 'stopping';
    await writeState(this.layout.stateFile, this.state).catch(() => undefined);
    this.aborted = true;
    // The platform first (it holds connections to the services), then the rest in parallel.
    const platform = this.started.filter((s) => s.name === 'botui' || s.name === this.platformName);
    for (const s of platform.reverse()) await s.stop().catch(() => undefined);
    await Promise.all(this.started.filter((s) => !platform.includes(s)).map((s) => s.stop().catch(() => undefined)));
    // A shutdown during start-up (a signal, a failure elsewhere): what is still starting (a service waiting to be
    // ready, the pristine cluster's builder) is stopped by its record, so start-up fails fast; then let it settle.
    await stopRecorded(this.state.processes ?? [], 2000);
    const settle = new Promise((r) => setTimeout(r, 15_000).unref());
    await Promise.race([this.readyPromise?.catch(() => undefined), settle]);
    await Promise.all(this.started.map((s) => s.stop().catch(() => undefined)));
    await stopRecorded(this.state.processes ?? [], 1000);
    if (this.state.provider === 'containers') await removeLabelledContainers(this.state.id).catch(() => undefined);
    releasePorts(this.state.id);
    for (const d of this.state.extraDirs ?? []) await rm(d, { recursive: true, force: true }).catch(() => undefined);
    removeEnvFile(this.state);
    this.state.timings.teardown = Date.now() - t0;
    this.state.status = 'stopped';
    const keep = this.config.keepAlways || (failed && this.config.keepOnError);
    process.off('exit', this.exitHandler);
    if (keep) {
      await writeState(this.layout.stateFile, this.state).catch(() => undefined);
      this.log(`kept the temp dir ${this.layout.dir} (${this.config.keepAlways ? 'KEEP_TEMP_STACK' : 'KEEP_TEMP_STACK_ON_ERROR'})`);
    } else {
      await removeDirWhole(this.layout.dir);
    }
    forgetStack(this.state.recordFile);
    this.log(`stopped in ${this.state.timings.teardown} ms`);
    this.markStopped();
  }

  /** Last resort on process exit: SIGKILL every process this stack recorded, by pid and start time (synchronous). */
  private killAllSync(): void {
    if (this.state.status === 'stopped') return;
    const keep = this.config.keepOnError || this.config.keepAlways;
    // Containers cannot be removed synchronously: the watchdog reaps them (and the dir) once this process is gone.
    const containers = this.state.provider === 'containers';
    reapStackSync(this.state, !keep && !containers);
    if (containers) return;
    this.state.status = 'stopped';
    try {
      if (keep && existsSync(this.layout.dir)) writeStateSync(this.layout.stateFile, this.state);
    } catch { /* best effort */ }
    forgetStack(this.state.recordFile);
  }
}

/** Reaps the machine's abandoned stacks (owner and watchdog gone) and says in one line what it removed. */
async function reapAbandonedStacks(recordsDir: string, log: (line: string) => void): Promise<void> {
  const { stacks, removed } = await reapAbandoned(recordsDir);
  if (!stacks.length) return;
  const one = stacks.length === 1;
  log(`removed what ${stacks.length} abandoned stack${one ? '' : 's'} left (${one ? 'its owner and watchdog are' : 'their owners and watchdogs are'} gone): ${describeRemoved(removed)} (${stacks.join(', ')})`);
}
