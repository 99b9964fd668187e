/**
 * Every service of a TemporaryStack, declared once: its name (state.json key and `<name>.log`), its wave, whether
 * it runs, how it starts (the provider, a stand-in process, or the launcher), its readiness check (inside its
 * start), the exports it adds and its stop. Start-up, state.json, exports, diagnostics and the watchdog all loop over
 * what these entries started. Adding a service means adding an entry here.
 */
import { claimPort } from '../port-claims.ts';
import { startStandIn } from '../standin-process.ts';
import { tablesSecret } from '../../standins/vault/server.ts';
import { afterRealBuildStarted, BUCKET, botserverEnv, prepareWorkdir, seedBucket } from '../botserver-wiring.ts';
import { launchBotui, launchServer } from '../botserver-launcher.ts';
import type { RunningService } from '../providers/provider.ts';
import type { ServiceEntry, StackContext, StartedService } from './types.ts';

/** The seeded directory user (the credentials General Bots' own e2e docs use). */
export const DEFAULT_USER = { email: 'test@example.com', password: 'TestPassword123!' } as const;

const fixed = (name: string) => () => name;
const need = (ctx: StackContext, name: string): StartedService => {
  const s = ctx.started.get(name);
  if (!s) throw new Error(`${name} is not started: it belongs to an earlier wave`);
  return s;
};

/** After the first wave: the bucket with the bot's config.csv, which the platform reads (and the stack's own tests). */
export async function seedStackData(ctx: StackContext): Promise<void> {
  const s3 = need(ctx, 's3');
  await seedBucket({ url: s3.url!, accessKey: ctx.credentials.s3AccessKey, secretKey: ctx.credentials.s3SecretKey }, need(ctx, 'llm').url!, ctx.secrets.llmKey);
  s3.state.bucket = BUCKET;
}

function provided(svc: RunningService, env: Record<string, string>): StartedService {
  return { state: svc.state, env, url: svc.url, stop: svc.stop, restartable: svc.restartable };
}

async function standIn(ctx: StackContext, name: 'llm' | 'directory' | 'vault', env: Record<string, string> = {}): Promise<StartedService> {
  const s = await startStandIn(name, ctx.layout.log(name), ctx.config.serviceReadyMs, env, ctx.layout.dir, ctx.register, ctx.layout.id);
  return {
    state: { host: '127.0.0.1', port: s.port, url: s.url, pid: s.process.pid, kind: 'stand-in', log: ctx.layout.log(name), status: 'ready' },
    url: s.url,
    stop: () => s.process.stop(),
    restartable: s.process,
  };
}

export const SERVICES: ServiceEntry[] = [
  {
    name: fixed('postgres'), wave: 1,
    async start(ctx) {
      const svc = await ctx.provider.startPostgres(providerContext(ctx));
      const c = ctx.credentials;
      return provided(svc, { DB_HOST: svc.host, DB_PORT: String(svc.port), DB_NAME: c.dbName, DB_USER: c.dbUser, DB_PASSWORD: c.dbPassword, DATABASE_URL: svc.url });
    },
  },
  {
    name: fixed('redis'), wave: 1,
    async start(ctx) {
      const svc = await ctx.provider.startRedis(providerContext(ctx));
      return provided(svc, { REDIS_URL: svc.url });
    },
  },
  {
    name: fixed('s3'), wave: 1,
    async start(ctx) {
      const svc = await ctx.provider.startS3(providerContext(ctx));
      return provided(svc, { MINIO_URL: svc.url, MINIO_ACCESS_KEY: ctx.credentials.s3AccessKey, MINIO_SECRET_KEY: ctx.credentials.s3SecretKey });
    },
  },
  {
    name: fixed('llm'), wave: 1,
    async start(ctx) {
      const s = await standIn(ctx, 'llm');
      return { ...s, env: { LLM_URL: s.url! } };
    },
  },
  {
    name: fixed('directory'), wave: 1,
    async start(ctx) {
      const s = await standIn(ctx, 'directory', {
        STANDIN_CLIENT_ID: ctx.secrets.directoryClientId,
        STANDIN_CLIENT_SECRET: ctx.secrets.directoryClientSecret,
        STANDIN_SEED_USERS: JSON.stringify([DEFAULT_USER]),
      });
      return { ...s, env: { DIRECTORY_URL: s.url!, E2E_USER_EMAIL: DEFAULT_USER.email, E2E_USER_PASSWORD: DEFAULT_USER.password } };
    },
  },
  {
    // Real builds read their database from Vault only (§11.1): a KV-v2 stand-in with the stack's database.
    name: fixed('vault'), wave: 2,
    when: (ctx) => ctx.withPlatform && !!ctx.config.botserverBin,
    start(ctx) {
      const pg = need(ctx, 'postgres').state;
      const c = ctx.credentials;
      return standIn(ctx, 'vault', {
        STANDIN_VAULT_SECRETS: JSON.stringify(tablesSecret({ host: pg.host!, port: String(pg.port), database: c.dbName, username: c.dbUser, password: c.dbPassword })),
      });
    },
  },
  {
    // BotServer (BOTSERVER_BIN) or the reference platform, wired to the stack (botserver-wiring.ts).
    name: (ctx) => ctx.platformName, wave: 3,
    when: (ctx) => ctx.withPlatform,
    async start(ctx) {
      if (!ctx.launch) ctx.launch = await platformLaunchInput(ctx);
      const server = await launchServer(ctx.launch);
      const real = server.kind === 'botserver';
      if (real) await afterRealBuildStarted(need(ctx, 'postgres').url!, ctx.log);
      return {
        state: { host: '127.0.0.1', port: ctx.launch.port, url: server.apiUrl, pid: server.process.pid, log: ctx.launch.logFile, status: 'ready',
          kind: real ? `BotServer build ${ctx.config.botserverBin}` : `reference platform (not BotServer), profile ${ctx.config.referenceProfile}` },
        env: { BOTSERVER_URL: server.apiUrl },
        url: server.apiUrl,
        stop: () => server.process.stop(5000),
      };
    },
  },
  {
    // botui in front of BotServer: BotServer serves no pages to a browser (§11.3).
    name: fixed('botui'), wave: 4,
    when: (ctx) => ctx.withPlatform && !!ctx.config.botuiBin,
    async start(ctx) {
      const ui = await launchBotui(ctx.launch!, need(ctx, ctx.platformName).url!);
      ctx.launch!.botuiPort = Number(new URL(ui.uiUrl).port); // a restart keeps the port
      return {
        state: { url: ui.uiUrl, pid: ui.process.pid, kind: `botui build ${ctx.config.botuiBin}`, log: ctx.layout.log('botui'), status: 'ready' },
        env: { BOTUI_URL: ui.uiUrl },
        url: ui.uiUrl,
        stop: () => ui.process.stop(3000),
      };
    },
  },
];

function providerContext(ctx: StackContext) {
  return {
    layout: ctx.layout, credentials: ctx.credentials, deadlineMs: ctx.config.serviceReadyMs, images: ctx.config.images, pgBinDir: ctx.config.pgBinDir,
    pgTemplateDir: ctx.config.pgTemplateDir, register: ctx.register, registerProcess: ctx.registerProcess, registerDir: ctx.registerDir, releaseDir: ctx.releaseDir,
  };
}

/** The platform's launch: the working dir prepared, its environment, a port claimed. */
async function platformLaunchInput(ctx: StackContext) {
  const [pg, redis, s3, llm, directory] = ['postgres', 'redis', 's3', 'llm', 'directory'].map((n) => need(ctx, n));
  const workdir = await prepareWorkdir({ root: ctx.layout.botserver.root, directory: { url: directory!.url!, clientId: ctx.secrets.directoryClientId, clientSecret: ctx.secrets.directoryClientSecret } });
  const vaultUrl = ctx.started.get('vault')?.url;
  const port = await claimPort(ctx.layout.id);
  return {
    bin: ctx.config.botserverBin,
    args: ctx.config.botserverArgs,
    botuiBin: ctx.config.botuiBin,
    botuiUiDir: ctx.config.botuiUiDir,
    cwd: workdir.cwd,
    env: botserverEnv({
      port, workdir, redisUrl: redis!.url!, llmUrl: llm!.url!, jwtSecret: ctx.secrets.jwtSecret, databaseUrl: pg!.url!,
      vaultUrl, vaultToken: vaultUrl ? ctx.secrets.vaultToken : undefined,
      s3: { host: s3!.state.host!, port: s3!.state.port!, url: s3!.url!, accessKey: ctx.credentials.s3AccessKey, secretKey: ctx.credentials.s3SecretKey },
    }),
    port,
    logFile: ctx.layout.log(ctx.platformName),
    botuiLogFile: ctx.layout.log('botui'),
    readyMs: ctx.config.botserverReadyMs,
    referenceProfile: ctx.config.referenceProfile,
    referenceMutations: ctx.config.referenceMutations,
    stackId: ctx.layout.id,
    onStart: (started: 'botserver' | 'botui', proc: { pid: number }) => ctx.register(started === 'botui' ? 'botui' : ctx.platformName, proc.pid),
  };
}
