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
import { openSync, closeSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { claimPort, releasePorts } from './port-claims.ts';
import pg from 'pg';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { loadConfig, type StackConfig } from './config.ts';
import { createTempDir, type TempDirLayout } from './temp-dir.ts';
import { writeState, writeStateSync, type StackState } from './state-file.ts';
import { randomToken, mask } from './secrets.ts';
import { selectProvider } from './providers/select-provider.ts';
import type { Credentials, RunningService } from './providers/provider.ts';
import { startStandIn, type StartedStandIn } from './standin-process.ts';
import { s3Client } from './checks.ts';
import { prepareWorkdir, botserverEnv, botConfigCsv } from './botserver-workdir.ts';
import { launchPlatform, type LaunchedPlatform, type LaunchInput } from './botserver-launcher.ts';
import { tablesSecret } from '../standins/vault/server.ts';
import { removeLabelledContainers } from './container-reaper.ts';
import type { Restartable } from './restartable.ts';

const WATCHDOG = fileURLToPath(new URL('./watchdog.ts', import.meta.url));
export const DEFAULT_USER = { email: 'test@example.com', password: 'TestPassword123!' } as const;
export const BUCKET = 'default.gbai';

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
  private readonly pids = new Set<number>();
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
  platform: LaunchedPlatform | undefined;
  /** The platform's name in state.json, its log and messages: `botserver` for a BotServer build, else `platform`
   * (the reference platform is not BotServer). */
  get platformName(): 'botserver' | 'platform' {
    return this.config.botserverBin ? 'botserver' : 'platform';
  }
  /** Services that can be stopped and started again (local processes), for the fault specs. */
  private readonly restartables = new Map<string, Restartable>();

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
    const decision = await selectProvider(config.provider);
    log(`provider ${decision.provider.name}: ${decision.reason}`);
    const layout = await createTempDir(opts.tmpBase);
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
    stack.readyPromise = stack.bringUp(decision.provider, opts.platform ?? true);
    stack.readyPromise.then(() => stack.startTimeout(), () => undefined);
    return stack;
  }

  /** TEMP_STACK_TIMEOUT / --timeout: counted from the moment the stack is ready. */
  private startTimeout(): void {
    const seconds = this.config.timeoutSeconds;
    if (!seconds || this.aborted) return;
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
  }

  /** A process just started: its pid goes into state.json at once (the watchdog and the exit handler read it). */
  private register(service: string, pid: number): void {
    this.pids.add(pid);
    this.state.services[service] = { ...(this.state.services[service] ?? { status: 'starting' }), pid };
    if (!this.aborted) writeStateSync(this.layout.stateFile, this.state);
  }

  private track(svc: Stoppable & { pid?: number }): void {
    this.started.push(svc);
    if (svc.pid) this.pids.add(svc.pid);
    if (this.aborted) void svc.stop().catch(() => undefined);
  }

  private timing(name: string): void {
    this.state.timings[name] = Date.now() - this.startedAt;
  }

  private async bringUp(provider: Awaited<ReturnType<typeof selectProvider>>['provider'], withPlatform: boolean): Promise<void> {
    const register = (service: string, pid: number) => this.register(service, pid);
    const ctx = { layout: this.layout, credentials: this.credentials, deadlineMs: this.config.serviceReadyMs, images: this.config.images, pgBinDir: this.config.pgBinDir, register };
    const directoryClient = { clientId: `e2e-client-${randomToken(4)}`, clientSecret: randomToken(16) };
    const llmKey = randomToken(12);
    const jwtSecret = randomToken(32);
    this.generatedSecrets.push(directoryClient.clientSecret, llmKey, jwtSecret);
    const service = async (name: string, start: () => Promise<RunningService>) => {
      this.state.services[name] = { status: 'starting', log: this.layout.log(name) };
      const svc = await start();
      this.track({ name, stop: svc.stop, pid: svc.state.pid });
      if (svc.restartable) this.restartables.set(name, svc.restartable);
      this.state.services[name] = svc.state;
      this.timing(`${name}.ready`);
      await this.save();
      return svc;
    };
    const standIn = async (name: 'llm' | 'directory' | 'vault', env: Record<string, string> = {}) => {
      const s = await startStandIn(name, this.layout.log(name), this.config.serviceReadyMs, env, this.layout.dir, register, this.layout.id);
      this.track({ name, stop: () => s.process.stop(), pid: s.process.pid });
      this.restartables.set(name, s.process);
      this.state.services[name] = { host: '127.0.0.1', port: s.port, url: s.url, pid: s.process.pid, kind: 'stand-in', log: this.layout.log(name), status: 'ready' };
      this.timing(`${name}.ready`);
      await this.save();
      return s;
    };
    const results = await Promise.allSettled([
      service('postgres', () => provider.startPostgres(ctx)),
      service('redis', () => provider.startRedis(ctx)),
      service('s3', () => provider.startS3(ctx)),
      standIn('llm'),
      standIn('directory', {
        STANDIN_CLIENT_ID: directoryClient.clientId,
        STANDIN_CLIENT_SECRET: directoryClient.clientSecret,
        STANDIN_SEED_USERS: JSON.stringify([DEFAULT_USER]),
      }),
    ]);
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) throw failed[0]!.reason;
    const [pgSvc, redis, s3, llm, directory] = results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [RunningService, RunningService, RunningService, StartedStandIn, StartedStandIn];
    this.timing('services.ready');

    const s3c = s3Client(s3.url, this.credentials.s3AccessKey, this.credentials.s3SecretKey);
    try {
      await s3c.send(new CreateBucketCommand({ Bucket: BUCKET }));
      await s3c.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'default.gbot/config.csv', Body: botConfigCsv(llm.url, llmKey), ContentType: 'text/csv' }));
    } finally {
      s3c.destroy();
    }
    this.state.services.s3!.bucket = BUCKET;

    const env: Record<string, string> = {
      BOTSERVER_TEMP_STACK_DIR: this.layout.dir,
      DB_HOST: pgSvc.host,
      DB_PORT: String(pgSvc.port),
      DB_NAME: this.credentials.dbName,
      DB_USER: this.credentials.dbUser,
      DB_PASSWORD: this.credentials.dbPassword,
      DATABASE_URL: pgSvc.url,
      REDIS_URL: redis.url,
      MINIO_URL: s3.url,
      MINIO_ACCESS_KEY: this.credentials.s3AccessKey,
      MINIO_SECRET_KEY: this.credentials.s3SecretKey,
      LLM_URL: llm.url,
      DIRECTORY_URL: directory.url,
      E2E_USER_EMAIL: DEFAULT_USER.email,
      E2E_USER_PASSWORD: DEFAULT_USER.password,
    };
    this.state.env = env;

    if (withPlatform) {
      const workdir = await prepareWorkdir({ root: this.layout.botserver.root, directory: { url: directory.url, ...directoryClient } });
      let vaultUrl: string | undefined;
      if (this.config.botserverBin) {
        const vault = await standIn('vault', {
          STANDIN_VAULT_SECRETS: JSON.stringify(tablesSecret({ host: pgSvc.host, port: String(pgSvc.port), database: this.credentials.dbName, username: this.credentials.dbUser, password: this.credentials.dbPassword })),
        });
        vaultUrl = vault.url;
      }
      const port = await claimPort(this.layout.id);
      this.state.services[this.platformName] = { status: 'starting', port, log: this.layout.log(this.platformName) };
      await this.save();
      this.launchInput = {
        bin: this.config.botserverBin,
        args: this.config.botserverArgs,
        botuiBin: this.config.botuiBin,
        botuiUiDir: this.config.botuiUiDir,
        cwd: workdir.cwd,
        env: botserverEnv({
          port, workdir, redisUrl: redis.url, llmUrl: llm.url, jwtSecret, databaseUrl: pgSvc.url, vaultUrl, vaultToken: vaultUrl ? randomToken(8) : undefined,
          s3: { host: s3.host, port: s3.port, url: s3.url, accessKey: this.credentials.s3AccessKey, secretKey: this.credentials.s3SecretKey },
        }),
        port,
        logFile: this.layout.log(this.platformName),
        botuiLogFile: this.layout.log('botui'),
        readyMs: this.config.botserverReadyMs,
        referenceProfile: this.config.referenceProfile,
        referenceMutations: this.config.referenceMutations,
        stackId: this.layout.id,
        onStart: (started, proc) => {
          const name = started === 'botui' ? 'botui' : this.platformName;
          this.track({ name, stop: () => proc.stop(name === 'botui' ? 3000 : 5000), pid: proc.pid });
          this.register(name, proc.pid);
        },
      };
      const platform = await this.launch(pgSvc.url);
      this.log(`platform: ${this.state.services[this.platformName]!.kind} at ${platform.apiUrl}${platform.botui ? `, botui at ${platform.uiUrl}` : ''}`);
      env.BOTSERVER_URL = platform.apiUrl;
      if (platform.uiUrl !== platform.apiUrl) env.BOTUI_URL = platform.uiUrl;
      this.timing(`${this.platformName}.ready`);
    }
    this.state.status = 'ready';
    this.timing('stack.ready');
    await this.save();
    this.log(`ready in ${this.state.timings['stack.ready']} ms (db ${this.credentials.dbName}, user ${this.credentials.dbUser}, password ${mask(this.credentials.dbPassword)})`);
  }

  private launchInput: LaunchInput | undefined;

  /** Starts the platform (and botui) with the stack's launch input and records it in the state. */
  private async launch(databaseUrl: string): Promise<LaunchedPlatform> {
    const platform = await launchPlatform(this.launchInput!);
    this.platform = platform;
    // A restart keeps botui's port, so that the URLs handed out stay right.
    if (platform.botui) this.launchInput!.botuiPort = Number(new URL(platform.uiUrl).port);
    this.state.services[this.platformName] = { host: '127.0.0.1', port: this.launchInput!.port, url: platform.apiUrl, pid: platform.botserver.pid, kind: platform.kind === 'reference' ? `reference platform (not BotServer), profile ${this.config.referenceProfile}` : `BotServer build ${this.config.botserverBin}`, log: this.layout.log(this.platformName), status: 'ready' };
    if (platform.botui) this.state.services.botui = { url: platform.uiUrl, pid: platform.botui.pid, kind: `botui build ${this.config.botuiBin}`, log: this.layout.log('botui'), status: 'ready' };
    if (platform.kind === 'botserver') await this.afterRealBuildStarted(databaseUrl);
    await this.save();
    return platform;
  }

  /**
   * Fault specs: a fresh platform process (and botui) on the same ports, with the same data, after a fault may
   * have left the old one damaged. Its log goes on in the same file.
   */
  async restartPlatform(): Promise<void> {
    if (!this.platform || !this.launchInput) throw new Error('this stack runs no platform');
    if (this.platform.botui) await this.platform.botui.stop(3000);
    await this.platform.botserver.stop(5000);
    await this.launch(this.state.env.DATABASE_URL!);
  }

  /** §11.1/§11.4: make the seeded `default` bot public (else PRE's /ws answers 403) and turn the Redis answer cache off. */
  private async afterRealBuildStarted(databaseUrl: string): Promise<void> {
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query(`UPDATE bots SET is_public = true WHERE name = 'default'`).catch((e) => this.log(`could not make the default bot public: ${(e as Error).message}`));
      await db.query(
        `INSERT INTO bot_configuration (id, bot_id, config_key, config_value) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'llm-cache', 'false')
         ON CONFLICT (bot_id, config_key) DO UPDATE SET config_value = 'false'`,
      ).catch((e) => this.log(`could not turn the LLM answer cache off: ${(e as Error).message}`));
    } finally {
      await db.end();
    }
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
    const pid = await r.start();
    this.state.services[name] = { ...this.state.services[name]!, pid, status: 'ready' };
    await this.save();
  }

  private restartable(name: FaultableService): Restartable {
    const r = this.restartables.get(name);
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
    // A shutdown during start-up (a signal, a failure elsewhere): let what is still starting settle, then stop it.
    const settle = new Promise((r) => setTimeout(r, 15_000).unref());
    await Promise.race([this.readyPromise?.catch(() => undefined), settle]);
    await Promise.all(this.started.map((s) => s.stop().catch(() => undefined)));
    if (this.state.provider === 'containers') await removeLabelledContainers(this.state.id).catch(() => undefined);
    releasePorts(this.state.id);
    this.state.timings.teardown = Date.now() - t0;
    this.state.status = 'stopped';
    const keep = this.config.keepAlways || (failed && this.config.keepOnError);
    process.off('exit', this.exitHandler);
    if (keep) {
      await writeState(this.layout.stateFile, this.state).catch(() => undefined);
      this.log(`kept the temp dir ${this.layout.dir} (${this.config.keepAlways ? 'KEEP_TEMP_STACK' : 'KEEP_TEMP_STACK_ON_ERROR'})`);
    } else {
      await rm(this.layout.dir, { recursive: true, force: true });
    }
    this.log(`stopped in ${this.state.timings.teardown} ms`);
    this.markStopped();
  }

  /** Last resort on process exit: SIGKILL every process group this stack started (synchronous). */
  private killAllSync(): void {
    if (this.state.status === 'stopped') return;
    for (const pid of this.pids) {
      try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ }
    }
    releasePorts(this.state.id);
    // Containers cannot be removed synchronously: the watchdog reaps them (and the dir) once this process is gone.
    if (this.state.provider === 'containers') return;
    this.state.status = 'stopped';
    try {
      if (this.config.keepOnError || this.config.keepAlways) writeStateSync(this.layout.stateFile, this.state);
      else rmSync(this.layout.dir, { recursive: true, force: true });
    } catch { /* best effort */ }
  }
}
