/**
 * TemporaryStack: an isolated PostgreSQL + Redis + S3 stack, the stand-ins BotServer calls out to (LLM,
 * directory; Vault for a real build), and the platform under test, in one temp dir, in one call.
 *
 *   const stack = await TemporaryStack.spawn();   // temp dir, watchdog, every service starting in parallel
 *   await stack.waitReady();                      // readiness by real checks; a failure stops what started
 *   stack.env();                                  // the exports (DATABASE_URL, REDIS_URL, BOTSERVER_URL, …)
 *   await stack.shutdown();                       // graceful, then forced; removes the dir unless kept
 *
 * This file is the public face; its parts are in stack/lifecycle/: the ledger (state.json), the bring-up by waves,
 * the bots, the faults and the shutdown.
 */
import { resolve } from 'node:path';
import { recordStack } from './stack-records.ts';
import { writeExportsFile } from './shell-exports.ts';
import { loadConfig, type StackConfig } from './config.ts';
import { createTempDir, type TempDirLayout } from './temp-dir.ts';
import type { StackState } from './state-file.ts';
import { mask } from './secrets.ts';
import { selectProvider } from './providers/select-provider.ts';
import type { Credentials, ProviderName } from './providers/provider.ts';
import { loadServices, platformSide, stateNameOf, waves } from './services/registry.ts';
import { loadBotPackage, type BotPackage } from './bot-package.ts';
import { uploadBot, type DeployTarget, type Upload } from './bot-deploy.ts';
import { ConfigError, ServiceStartError } from './errors.ts';
import type { StackContext, StackService, StartedService } from './services/types.ts';
import { StackLedger } from './lifecycle/ledger.ts';
import {
  checkExports,
  newCredentials,
  newServiceSecrets,
  newStackState,
  stackContext,
  startOn,
  startWaves,
  type Planned,
} from './lifecycle/bring-up.ts';
import {
  addBotSlotsIfNeeded,
  botTarget,
  describePlatform,
  slotQuestion,
  waitForBots,
  type FindsBotsAtRuntime,
} from './lifecycle/stack-bots.ts';
import { faultable, interrupt, restore, type FaultableService } from './lifecycle/faults.ts';
import { killAllSync, reapAbandonedStacks, shutDown, type Stoppable } from './lifecycle/shutdown.ts';
import { armTimeout, startWatchdog } from './lifecycle/watchdog-start.ts';
import type { StackOptions } from './lifecycle/options.ts';

export { DEFAULT_USER } from './services/directory.ts';
export { BUCKET } from './botserver-wiring.ts';
export type { FaultableService } from './lifecycle/faults.ts';
export type { FindsBotsAtRuntime } from './lifecycle/stack-bots.ts';
export type { StackOptions } from './lifecycle/options.ts';

export class TemporaryStack {
  readonly layout: TempDirLayout;
  readonly state: StackState;
  readonly config: StackConfig;
  readonly credentials: Credentials;
  private readonly ledger: StackLedger;
  private readonly started: Stoppable[] = [];
  /** Generated secrets that are not in env() (LLM key, directory client secret, JWT secret), for redaction. */
  private readonly generatedSecrets: string[] = [];
  private readonly log: (line: string) => void;
  private readyPromise: Promise<void> | undefined;
  private shutdownPromise: Promise<void> | undefined;
  private timeoutTimer: NodeJS.Timeout | undefined;
  private readonly exitHandler = () => killAllSync(this.ledger, this.config, this.layout.dir, this.layout.stateFile);
  private findsBotsAtRuntime: FindsBotsAtRuntime | undefined;
  private markStopped!: () => void;
  private readonly stoppedPromise = new Promise<void>((resolve) => (this.markStopped = resolve));
  /** What the services started, by their name in state.json (stack/services/). */
  private readonly services = new Map<string, StartedService>();
  /** The services this stack runs, with their waves (stack/services/registry.ts). */
  private plan: Planned[] = [];
  private ctx: StackContext | undefined;
  /** The platform's name in state.json, its log and messages: `botserver` for a BotServer build, else `platform`
   * (the reference platform is not BotServer). */
  get platformName(): 'botserver' | 'platform' {
    return this.config.botserverBin ? 'botserver' : 'platform';
  }

  private constructor(
    layout: TempDirLayout,
    config: StackConfig,
    state: StackState,
    credentials: Credentials,
    log: (l: string) => void,
  ) {
    this.layout = layout;
    this.config = config;
    this.state = state;
    this.credentials = credentials;
    this.log = log;
    this.ledger = new StackLedger(state, layout.stateFile);
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
    if (config.botPackages.length && opts.platform === false)
      throw new ConfigError(
        config.botPackagesFrom,
        'bot packages need the platform to take them up; drop --no-platform',
      );
    const bots = await Promise.all(config.botPackages.map((dir) => loadBotPackage(dir, config.botPackagesFrom)));
    await reapAbandonedStacks(config.recordsDir, log);
    const decision = await selectProvider(config.provider);
    log(`provider ${decision.provider}: ${decision.reason}`);
    const layout = await createTempDir(opts.tmpBase);
    const recordFile = recordStack(config.recordsDir, { id: layout.id, dir: layout.dir, stateFile: layout.stateFile });
    const credentials = newCredentials(layout);
    const state = newStackState(layout, config, { name: decision.provider, reason: decision.reason }, recordFile);
    const stack = new TemporaryStack(layout, config, state, credentials, log);
    stack.findsBotsAtRuntime = opts.findsBotsAtRuntime;
    await stack.save();
    startWatchdog(state, layout.stateFile, layout.log('watchdog'));
    log(`temp dir ${layout.dir}`);
    // Ready only once the timeout is armed and recorded: an owner that hangs (is stopped) right after it said ready
    // still has its timeout enforced by the watchdog, which reads it from state.json.
    stack.readyPromise = stack.bringUp(decision.provider, opts.platform ?? true, bots).then(() => stack.startTimeout());
    stack.readyPromise.catch(() => undefined); // waitReady() reports a failure
    return stack;
  }

  /** TEMP_STACK_TIMEOUT / --timeout: counted from the moment the stack is ready; resolves once state.json holds it. */
  private async startTimeout(): Promise<void> {
    this.timeoutTimer = await armTimeout(this.config.timeoutSeconds, this.ledger, this.log, () => void this.shutdown());
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

  private save(): Promise<void> {
    return this.ledger.save();
  }

  /**
   * Writes the exports (`export NAME='value'` lines) to `file` atomically, once (a temp file renamed into place), and
   * records it in state.json, so that every way the stack ends removes it (shutdown, exit, watchdog, next start).
   */
  async writeEnvFile(file: string): Promise<void> {
    this.state.envFile = resolve(file);
    await this.save();
    await writeExportsFile(this.state.envFile, this.env());
  }

  private track(svc: Stoppable): void {
    this.started.push(svc);
    if (this.ledger.stopping) void svc.stop().catch(() => undefined);
  }

  private async bringUp(provider: ProviderName, withPlatform: boolean, bots: BotPackage[]): Promise<void> {
    const uploads: Upload[] = [];
    const secrets = newServiceSecrets();
    this.generatedSecrets.push(secrets.directoryClientSecret, secrets.llmKey, secrets.jwtSecret, secrets.vaultToken);
    const l = this.ledger;
    const ctx = (this.ctx = stackContext(
      {
        layout: this.layout,
        credentials: this.credentials,
        config: this.config,
        provider,
        secrets,
        withPlatform,
        platformName: this.platformName,
        started: this.services,
        log: this.log,
      },
      l,
      () => this.plan.map((p) => p.service),
    ));
    this.plan = waves(await loadServices(), ctx);
    const platformWave = this.plan.find((p) => p.service.key === 'platform')?.wave;
    await startWaves(
      this.plan,
      ctx,
      (s) => this.startService(s),
      () => l.stopping,
      async (wave) => {
        if (wave === 1) l.timing('services.ready');
        // Bots go into the drive before the platform starts: builds that discover bots at start only see them.
        if (platformWave !== undefined && wave === platformWave - 1)
          for (const pkg of bots) uploads.push(await uploadBot(this.deployTarget(), pkg, this.log));
      },
    );
    this.state.env = {
      BOTSERVER_TEMP_STACK_DIR: this.layout.dir,
      ...Object.assign({}, ...[...this.services.values()].map((s) => s.env ?? {})),
    };
    if (withPlatform)
      await addBotSlotsIfNeeded(
        this.services.get(this.platformName)!.url!,
        slotQuestion(this.config, this.findsBotsAtRuntime),
        this.deployTarget(),
        () => this.restartPlatform(),
        l,
        this.log,
      );
    this.log(describePlatform(this.services, this.platformName));
    await waitForBots(this.deployTarget(), uploads, {
      deadlineMs: this.config.botserverReadyMs,
      chatBase: this.state.env.BOTUI_URL ?? this.state.env.BOTSERVER_URL,
      stopped: () => l.stopping,
      log: this.log,
      ledger: l,
    });
    this.state.status = 'ready';
    l.timing('stack.ready');
    await this.save();
    this.log(
      `ready in ${this.state.timings['stack.ready']} ms (db ${this.credentials.dbName}, user ${this.credentials.dbUser}, password ${mask(this.credentials.dbPassword)})`,
    );
  }

  /** Where bot packages go in this stack (its drive, database, the platform's work dir and log); for tools that
   * deploy bots into a running stack (scripts/bots-census.ts). */
  deployTarget(): DeployTarget {
    return botTarget(this.layout, this.credentials, this.services, this.platformName);
  }

  /** Starts one service on this stack's provider and records it: state.json, its stop, its timing. Throws a
   * ServiceStartError naming the service for any error of its start that is not already one (or a ConfigError). */
  private async startService(service: StackService): Promise<StartedService> {
    const ctx = this.ctx!;
    const name = stateNameOf(service, ctx);
    this.state.services[name] = {
      ...(this.state.services[name] ?? {}),
      status: 'starting',
      log: this.layout.log(name),
    };
    const svc = await startOn(ctx.provider, service, ctx).catch((e: unknown) => {
      // A driver's own error ("timeout expired", "ECONNRESET") says nothing of where the start stopped: name it.
      if (e instanceof ConfigError || e instanceof ServiceStartError || this.ledger.stopping) throw e;
      throw new ServiceStartError(name, (e as Error).message || String(e), this.layout.log(name));
    });
    this.services.set(name, svc);
    this.track({ name, stop: svc.stop });
    if (svc.secrets) this.generatedSecrets.push(...svc.secrets);
    checkExports(service, svc);
    this.state.services[name] = svc.state;
    this.ledger.timing(`${name}.ready`);
    await this.save();
    return svc;
  }

  /** The platform process's pid (BotServer or the reference platform), once started. */
  get platformPid(): number | undefined {
    return this.services.get(this.platformName)?.state.pid;
  }

  /**
   * A fresh platform process (and botui) on the same ports, with the same data: for fault specs, after a fault may
   * have left the old one damaged, and for the slot bots of a build that finds bots at start only. Its log goes on
   * in the same file.
   */
  async restartPlatform(): Promise<void> {
    const side = platformSide(this.plan);
    if (!side.length) throw new Error('this stack runs no platform');
    for (const s of [...side].reverse()) await this.services.get(stateNameOf(s, this.ctx!))?.stop();
    for (const s of side) await this.startService(s);
  }

  /** Fault specs: stops one service while the platform keeps running (stack/lifecycle/faults.ts; its file's `faults`). */
  interrupt(name: FaultableService): Promise<void> {
    return interrupt(faultable(this.plan, name, this.ctx!), this.ledger, name);
  }

  /** Starts it again on the same port with the same data, and waits until it is ready. */
  restore(name: FaultableService): Promise<void> {
    return restore(faultable(this.plan, name, this.ctx!), this.ledger, name);
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
    if (this.timeoutTimer) clearTimeout(this.timeoutTimer);
    await shutDown(
      {
        ledger: this.ledger,
        config: this.config,
        dir: this.layout.dir,
        started: this.started,
        platformSide: platformSide(this.plan).map((s) => stateNameOf(s, this.ctx!)),
        ready: this.readyPromise,
        log: this.log,
      },
      failed,
    );
    process.off('exit', this.exitHandler);
    this.markStopped();
  }
}
