/**
 * The botserver-e2e REFERENCE PLATFORM — not BotServer. A small implementation of the BotServer contract the
 * suite asserts (docs/contract.md, docs/design.md#what-the-suite-asserts), so that the suite, its
 * fixtures and its stack are tested end to end where no BotServer build is given. It uses the real temporary
 * stack: PostgreSQL tables, sessions in Redis, bot config from S3, login via the directory stand-in, chat via the
 * LLM stand-in. Started by the stack's launcher exactly as a real build is (same env, same working dir).
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Redis } from 'ioredis';
import { S3Client } from '@aws-sdk/client-s3';
import { WebSocketServer } from 'ws';
import { loadPlatformConfig } from './config.ts';
import { createPool, databaseAnswers, migrate } from './db.ts';
import { ApiError, json, unrouted } from './http/respond.ts';
import { serveStatic } from './http/static-files.ts';
import { TokenStore } from './auth/token-store.ts';
import { LoginLimiter } from './auth/login-limit.ts';
import { login, logout, me, listSessions, sessionHistory, type AuthDeps } from './auth/routes.ts';
import { directoryStartupCheck } from './auth/directory-client.ts';
import { Outages } from './outages.ts';
import { anonymousSession } from './chat/sessions.ts';
import { BotConfig } from './chat/bot-config.ts';
import { handleChatConnection, type ChatDeps } from './chat/websocket.ts';
import { DriveMonitor } from './dialogs/drive-monitor.ts';
import { SessionDialogs } from './dialogs/session-dialogs.ts';
import { profile as profileNamed, isProfileName, profileNames } from './profile.ts';
import { applyMutations, parseMutations } from './mutations/apply.ts';
import { securityTraits } from './security-profile.ts';
import { applySecurityHeaders, sameOrigin } from './http/security-headers.ts';
import { KbIndexer } from './kb/indexer.ts';
import { KbRetriever, chatVectorStoreUrl } from './kb/retrieval.ts';

const requested = process.env.REFERENCE_PROFILE || 'intended';
if (!isProfileName(requested))
  throw new Error(
    `REFERENCE_PROFILE="${requested}" is not a profile: use one of ${profileNames().join(', ')} (a build record each, builds/*.json)`,
  );
const mutations = parseMutations(process.env.REFERENCE_MUTATIONS);
if (mutations.size) console.log(`MUTATED reference platform (for the project's tests): ${[...mutations].join(', ')}`);
// The one place the seeded mutations are applied (platform/mutations/): what follows runs with their wrappers.
const mutated = applyMutations(profileNamed(requested), mutations);
const profile = mutated.profile;
const security = securityTraits(profile);
/** The page's steps and their mutations (platform/mutations/page.js), served as /suite/js/mutations.js. */
const PAGE_MUTATIONS_JS = readFileSync(new URL('./mutations/page.js', import.meta.url), 'utf8');
const VERSION = {
  service: 'botserver',
  version: '0.1.0-reference',
  commit: 'botserver-e2e-reference-platform',
  implementation: 'botserver-e2e reference platform (not BotServer)',
  profile: profile.name,
};

const config = loadPlatformConfig();
const db = createPool(config.databaseUrl);
await migrate(db);
void directoryStartupCheck(config.directory);
const redis = new Redis(config.cacheUrl, { maxRetriesPerRequest: 2 });
const outages = new Outages();
redis.on('error', (e) => console.error(`redis: ${e.message}`));
db.on('error', () => (outages.databaseWasDown = true));
// PRE (a profile that does not recover, caveat redisOutageBreaksChat): once Redis went away while the platform
// ran, the chat stays broken. Seen from the connection itself, so that it never depends on whether a command of a
// turn happened to fail before Redis came back (ioredis retries a command, and the outage may be short).
let redisWasReady = false;
redis.on('ready', () => (redisWasReady = true));
redis.on('close', () => {
  if (redisWasReady && !profile.recoversFromOutages) outages.chatSawRedisDown = true;
});
const s3 = new S3Client({
  endpoint: config.s3.endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: config.s3.accessKey, secretAccessKey: config.s3.secretKey },
});
const auth: AuthDeps = {
  db,
  tokens: mutated.server.tokens(new TokenStore(redis, security.tokens)),
  config,
  profile,
  limiter: security.loginLimit ? new LoginLimiter(redis) : undefined,
};
const botConfig = new BotConfig(s3, db);
// Knowledge bases (§11.10): indexed into the bot's vectordb-url (else QDRANT_URL), searched in QDRANT_URL by the chat.
const kb = new KbIndexer({
  s3,
  db,
  botConfig,
  steps: mutated.kb,
  fallbackUrl: chatVectorStoreUrl(),
  configReadOnce: profile.kb?.configReadOnce ?? false,
});
const drive = new DriveMonitor({ s3, db, workPath: config.workPath, profile, botConfig, kb });
drive.start();
const dialogs = new SessionDialogs({ monitor: drive, profile, steps: mutated.dialog });
const chat: ChatDeps = {
  db,
  botConfig,
  llmUrl: config.llmUrl,
  profile,
  redis,
  outages,
  dialogs,
  steps: mutated.turn,
  kb: new KbRetriever({ botConfig, steps: mutated.kb, storeUrl: chatVectorStoreUrl() }),
};

async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://platform');
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (method === 'GET' && path === '/health') return json(res, 200, { status: 'ok', ...VERSION });
  if (method === 'GET' && path === '/api/health') {
    const ok = await mutated.server.databaseAnswers(() => databaseAnswers(db));
    if (!ok) outages.databaseWasDown = true;
    return json(res, ok ? 200 : 503, {
      status: ok ? 'healthy' : 'degraded',
      ...VERSION,
      build_date: '2026-11-25',
      database: ok,
    });
  }
  if (method === 'GET' && path === mutated.server.sessionPath) {
    // PRE after a database outage (measured): no new chat session, for good.
    if (!profile.recoversFromOutages && outages.databaseWasDown)
      return json(res, 500, { error: 'Failed to create user' });
    const q = url.searchParams;
    const session: Partial<Awaited<ReturnType<typeof anonymousSession>>> = await anonymousSession(
      db,
      q.get('bot_name'),
      q.get('user_id'),
      q.get('session_id'),
    );
    if (!profile.authGivesBotId) delete session.bot_id;
    return json(res, 200, { ...session, status: profile.anonymousStatus });
  }
  if (method === 'GET' && path === '/suite/js/profile.js') {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(
      `window.__REFERENCE_PROFILE__ = ${JSON.stringify(profile.name)};\nwindow.__REFERENCE_PAGE__ = ${JSON.stringify(profile.page)};\nwindow.__REFERENCE_BOTUI_RENDERING__ = ${profile.botuiRendering};\nwindow.__REFERENCE_MUTATIONS__ = ${JSON.stringify(mutated.page)};\nwindow.__REFERENCE_REPLY_AS_HTML__ = ${security.replyAsHtml};\nwindow.__REFERENCE_DROPS_EARLY_MESSAGE__ = ${profile.usage.dropsEarlyMessage};\nwindow.__REFERENCE_DROPS_OFFLINE_MESSAGE__ = ${profile.usage.dropsOfflineMessage};\n`,
    );
    return;
  }
  if (path === '/api/auth/login' || path === '/api/auth/refresh') {
    if (!mutated.server.loginRouted(profile.loginRoutes)) return unrouted(res, 404);
    if (method === 'POST' && path === '/api/auth/login') return login(req, res, auth);
  }
  if (method === 'GET' && path === '/api/auth/me') return profile.loginRoutes ? me(req, res, auth) : unrouted(res, 404);
  if (method === 'POST' && path === '/api/auth/logout') return logout(req, res, auth);
  if (method === 'GET' && path === '/api/sessions') return listSessions(req, res, auth);
  const history = /^\/api\/sessions\/([^/]+)\/history$/.exec(path);
  if (method === 'GET' && history) return sessionHistory(req, res, auth, decodeURIComponent(history[1]!));
  if (method === 'GET' && path === '/api/bot/config' && !profile.botConfigRoute) return unrouted(res, 404);
  if (method === 'GET' && path === '/api/bot/config')
    return json(res, 200, { bot_name: url.searchParams.get('bot_name') ?? 'default', 'theme-title': 'General Bots' });
  if (method === 'GET' && path === '/favicon.ico') {
    res.writeHead(204).end();
    return;
  }
  if (method === 'GET' && path === '/suite/js/mutations.js') {
    res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    res.end(PAGE_MUTATIONS_JS);
    return;
  }
  if (path.startsWith('/api/')) throw new ApiError(404, 'not_found', `${method} ${path}`);
  if (method === 'GET' && (await serveStatic(path, res))) return;
  throw new ApiError(404, 'not_found', `${method} ${path}`);
}

const server = createServer((req, res) => {
  applySecurityHeaders(req, res, security);
  route(req, res).catch((e) => {
    if (e instanceof ApiError) {
      // An over-long body was not read to its end: close the connection so that it is not reused.
      if (e.status === 413) res.setHeader('connection', 'close');
      return json(res, e.status, e.body);
    }
    console.error(`${req.method} ${req.url}: ${(e as Error).stack}`);
    if (!res.headersSent) json(res, 500, { error: 'Internal server error', details: (e as Error).message });
    else res.end();
  });
});
server.requestTimeout = 30_000;

const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
server.on('upgrade', (req, socket, head) => {
  const path = new URL(req.url ?? '/', 'http://platform').pathname;
  if (path !== '/ws' && !/^\/ws\/[^/]+$/.test(path)) {
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n');
    return;
  }
  if (security.wsChecksOrigin && !sameOrigin(req)) {
    socket.end(
      'HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 23\r\n\r\ncross-origin: refused\r\n',
    );
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    handleChatConnection(ws, req, chat).catch((e) => {
      console.error(`websocket: ${(e as Error).stack}`);
      ws.close(1011, 'internal error');
    });
  });
});

server.listen(config.port, '127.0.0.1', () =>
  console.log(
    `reference platform (not BotServer), profile ${profile.name}, listening on http://127.0.0.1:${config.port}`,
  ),
);

async function stop() {
  console.log('stopping: finishing in-flight requests');
  const forced = setTimeout(() => process.exit(0), 2000);
  forced.unref();
  const scans = drive.stop();
  for (const c of wss.clients) c.close(1001, 'server stopping');
  server.close();
  server.closeIdleConnections();
  // The database and Redis closed only once no bot's scan still uses them.
  await scans;
  await Promise.allSettled([db.end(), redis.quit()]);
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
