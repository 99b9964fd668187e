/**
 * Auth as intended (docs/design.md#what-the-suite-asserts): login through the directory (§4.2, §4.3), `me`, and a
 * logout that really invalidates the token; protected routes answer 401 without a valid token. Under the `pre` and
 * `head` profiles (platform/profile.ts) the measured bugs instead: logout always 401 (caveat 5), any bearer passing
 * (caveat 4), anyone's history readable (§11.3), HEAD's unmounted routes (§11.6).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { ApiError, bearerToken, json, readJson, unrouted, UUID } from '../http/respond.ts';
import { directoryLogin } from './directory-client.ts';
import type { LoginLimiter } from './login-limit.ts';
import { TOKEN_TTL_SECONDS, type TokenStore, type TokenUser } from './token-store.ts';
import type { PlatformConfig } from '../config.ts';
import type { Profile } from '../profile.ts';

export interface AuthDeps {
  db: pg.Pool;
  tokens: TokenStore;
  /** Brute-force protection (intended); absent where the profile has none (PRE measured without). */
  limiter?: LoginLimiter;
  config: PlatformConfig;
  profile: Profile;
}

/** What a protected route's auth layer lets through: a user, or (any bearer passing, caveat 4) nobody known. */
async function protectedCaller(req: IncomingMessage, deps: AuthDeps): Promise<TokenUser | null> {
  if (!deps.profile.anyBearer) return requireUser(req, deps.tokens);
  if (!bearerToken(req))
    throw new ApiError(401, 'missing_token', null, { message: 'Authentication token is required' });
  return deps.tokens.lookup(bearerToken(req));
}

/** The user behind a valid bearer token, or a 401 saying what is wrong. */
export async function requireUser(req: IncomingMessage, tokens: TokenStore): Promise<TokenUser> {
  const token = bearerToken(req);
  if (!token) throw new ApiError(401, 'missing_token', null, { message: 'Authentication token is required' });
  const user = await tokens.lookup(token);
  if (!user) throw new ApiError(401, 'invalid_token', null, { message: 'Token is invalid, expired or logged out' });
  return user;
}

async function upsertUser(db: pg.Pool, email: string): Promise<string> {
  const r = await db.query(
    `INSERT INTO users (id, username, email, password_hash) VALUES ($1, $2, $2, 'directory')
     ON CONFLICT (email) DO UPDATE SET updated_at = now() RETURNING id`,
    [randomUUID(), email],
  );
  return r.rows[0].id as string;
}

export async function login(req: IncomingMessage, res: ServerResponse, deps: AuthDeps) {
  const body = await readJson(req);
  const email = typeof body.email === 'string' ? body.email.trim() : '';
  const password = typeof body.password === 'string' ? body.password : '';
  if (!email || !password) throw new ApiError(400, 'Email and password are required');
  const wait = await deps.limiter?.retryAfter(email);
  if (wait) {
    res.setHeader('retry-after', String(wait));
    throw new ApiError(429, 'Too many failed logins for this account', `try again in ${wait} s`, { retry_after: wait });
  }
  const who = await directoryLogin(deps.config.directory, email, password).catch(async (e) => {
    if (e instanceof ApiError && e.status === 401) await deps.limiter?.failed(email);
    throw e;
  });
  await deps.limiter?.succeeded(email);
  const dbUserId = await upsertUser(deps.db, email);
  const token = await deps.tokens.issue({
    id: who.userId,
    dbUserId,
    email,
    firstName: who.firstName,
    lastName: who.lastName,
  });
  json(res, 200, {
    success: true,
    user_id: who.userId,
    session_id: who.sessionId,
    access_token: token,
    refresh_token: null,
    expires_in: TOKEN_TTL_SECONDS,
    requires_2fa: false,
    session_token: who.sessionToken,
    redirect: '/',
    message: 'Login successful',
  });
}

export async function me(req: IncomingMessage, res: ServerResponse, deps: AuthDeps) {
  const user = await deps.tokens.lookup(bearerToken(req));
  if (!user) {
    return json(res, 200, {
      id: null,
      username: null,
      email: null,
      first_name: null,
      last_name: null,
      display_name: null,
      roles: null,
      organization_id: null,
      avatar_url: null,
      is_anonymous: true,
    });
  }
  json(res, 200, {
    id: user.id,
    username: user.email,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    display_name: `${user.firstName} ${user.lastName}`.trim(),
    roles: ['user'],
    organization_id: null,
    avatar_url: null,
    is_anonymous: false,
  });
}

export async function logout(req: IncomingMessage, res: ServerResponse, deps: AuthDeps) {
  if (deps.profile.logoutAlways401)
    return json(res, 401, { error: 'unauthorized', message: 'Authentication required' });
  await requireUser(req, deps.tokens);
  await deps.tokens.revoke(bearerToken(req)!);
  json(res, 200, { success: true, message: 'Logged out successfully' });
}

export async function listSessions(req: IncomingMessage, res: ServerResponse, deps: AuthDeps) {
  const user = await protectedCaller(req, deps);
  if (!deps.profile.sessionsRoutes) return unrouted(res, 405);
  if (!user) return json(res, 200, []);
  const r = await deps.db.query(
    `SELECT id, bot_id, title, created_at FROM user_sessions WHERE user_id = $1 ORDER BY created_at DESC`,
    [user.dbUserId],
  );
  json(res, 200, r.rows);
}

/** A session's turns as `[role, content]` pairs (PRE's shape), for its owner only. */
export async function sessionHistory(req: IncomingMessage, res: ServerResponse, deps: AuthDeps, sessionId: string) {
  const user = await protectedCaller(req, deps);
  if (!deps.profile.sessionsRoutes) return unrouted(res, 404);
  if (!UUID.test(sessionId)) throw new ApiError(400, 'Invalid session ID');
  if (!deps.profile.anyBearer) {
    const owner = await deps.db.query(`SELECT user_id FROM user_sessions WHERE id = $1`, [sessionId]);
    if (owner.rowCount === 0 || owner.rows[0].user_id !== user!.dbUserId) throw new ApiError(404, 'Session not found');
  }
  const r = await deps.db.query(
    `SELECT role, content_encrypted FROM message_history WHERE session_id = $1 ORDER BY message_index`,
    [sessionId],
  );
  json(
    res,
    200,
    r.rows.map((m) => [m.role === 1 ? 'user' : m.role === 2 ? 'assistant' : 'system', m.content_encrypted]),
  );
}

export { TOKEN_TTL_SECONDS };
