/**
 * The directory stand-in: the subset of Zitadel that BotServer's login calls (contract §4.3, §11.3) plus the
 * OIDC endpoints bottest mocks. Bearer tokens are checked as Zitadel checks them. Users come from an admin API.
 * Admin API under /__admin: users (POST), requests (GET, DELETE), health.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { HttpError, RequestLog, commonAdmin, bearer, logLine, parseJson, readBody, sendJson } from '../http-kit.ts';
import { UserStore, zitadelUser } from './users.ts';

export interface DirectoryOptions {
  clientId: string;
  clientSecret: string;
  /** Users created at start (the stack seeds test@example.com). */
  seedUsers?: { email: string; password: string; firstName?: string; lastName?: string }[];
}

type Token = { kind: 'admin' } | { kind: 'user'; userId: string };

const grpcError = (status: number, code: number, message: string) =>
  new HttpError(status, { code, message, details: [] });
const oauthError = (status: number, error: string, description: string) =>
  new HttpError(status, { error, error_description: description });

export function createDirectoryStandIn(opts: DirectoryOptions) {
  const users = new UserStore();
  for (const u of opts.seedUsers ?? []) users.add(u);
  const tokens = new Map<string, Token>();
  const refreshTokens = new Map<string, string>();
  const sessions = new Map<string, { userId: string; token: string }>();
  const log = new RequestLog();

  function issue(t: Token): string {
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, t);
    return token;
  }

  function requireAdmin(req: IncomingMessage): void {
    const t = bearer(req);
    if (!t) throw grpcError(401, 16, 'auth header missing (AUTH-7fs1e)');
    if (tokens.get(t)?.kind !== 'admin') throw grpcError(401, 16, 'Errors.Token.Invalid (AUTH-7fs1e)');
  }

  function form(raw: string): URLSearchParams {
    return new URLSearchParams(raw);
  }

  function clientOk(f: URLSearchParams, req: IncomingMessage): boolean {
    let id = f.get('client_id');
    let secret = f.get('client_secret');
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) [id, secret] = Buffer.from(basic[1]!, 'base64').toString().split(':') as [string, string];
    return id === opts.clientId && secret === opts.clientSecret;
  }

  async function token(req: IncomingMessage, res: ServerResponse, raw: string) {
    const f = form(raw);
    const grant = f.get('grant_type');
    if (grant === 'client_credentials') {
      if (!clientOk(f, req)) throw oauthError(401, 'invalid_client', 'client not found or wrong secret');
      return sendJson(res, 200, { access_token: issue({ kind: 'admin' }), token_type: 'Bearer', expires_in: 43199 });
    }
    if (grant === 'password') {
      const u = users.byEmail(f.get('username') ?? '');
      if (!u || u.password !== f.get('password'))
        throw oauthError(400, 'invalid_grant', 'username or password is invalid');
      const refresh = randomBytes(24).toString('base64url');
      refreshTokens.set(refresh, u.id);
      return sendJson(res, 200, {
        access_token: issue({ kind: 'user', userId: u.id }),
        token_type: 'Bearer',
        expires_in: 43199,
        refresh_token: refresh,
        id_token: randomBytes(24).toString('base64url'),
      });
    }
    if (grant === 'refresh_token') {
      const userId = refreshTokens.get(f.get('refresh_token') ?? '');
      if (!userId) throw oauthError(400, 'invalid_grant', 'refresh token is invalid or expired');
      const refresh = randomBytes(24).toString('base64url');
      refreshTokens.set(refresh, userId);
      return sendJson(res, 200, {
        access_token: issue({ kind: 'user', userId }),
        token_type: 'Bearer',
        expires_in: 43199,
        refresh_token: refresh,
      });
    }
    throw oauthError(400, 'unsupported_grant_type', `grant_type ${grant ?? '(missing)'} is not supported`);
  }

  async function searchUsers(req: IncomingMessage, res: ServerResponse, raw: string) {
    requireAdmin(req);
    const body = parseJson(raw, (m) => grpcError(400, 3, `invalid JSON: ${m}`).body) as {
      queries?: { emailQuery?: { emailAddress?: string } }[];
    };
    const emailQuery = body.queries?.find((q) => q.emailQuery)?.emailQuery;
    const found = emailQuery
      ? [users.byEmail(String(emailQuery.emailAddress ?? ''))].filter((u) => u !== undefined)
      : users.all();
    sendJson(res, 200, {
      details: { totalResult: String(found.length), processedSequence: '1', viewTimestamp: new Date().toISOString() },
      ...(found.length ? { result: found.map(zitadelUser) } : {}),
    });
  }

  async function createSession(req: IncomingMessage, res: ServerResponse, raw: string) {
    requireAdmin(req);
    const body = parseJson(raw, (m) => grpcError(400, 3, `invalid JSON: ${m}`).body) as {
      checks?: { user?: { userId?: string; loginName?: string }; password?: { password?: string } };
    };
    const check = body.checks?.user;
    const user = check?.userId
      ? users.get(check.userId)
      : check?.loginName
        ? users.byEmail(check.loginName)
        : undefined;
    if (!check) throw grpcError(400, 3, 'Errors.Session.UserCheck.Missing (SESSION-Ha2j2)');
    if (!user) throw grpcError(404, 5, 'User could not be found (QUERY-Dfbg2)');
    const pw = body.checks?.password?.password;
    if (pw !== undefined && pw !== user.password) throw grpcError(400, 3, 'Password is invalid (COMMAND-3M0fs)');
    const sessionId = String(Date.now()) + randomBytes(3).toString('hex');
    const sessionToken = randomBytes(32).toString('base64url');
    sessions.set(sessionId, { userId: user.id, token: sessionToken });
    sendJson(res, 201, {
      details: { sequence: '1', changeDate: new Date().toISOString(), resourceOwner: 'stand-in-org' },
      sessionId,
      sessionToken,
    });
  }

  function userinfo(req: IncomingMessage, res: ServerResponse) {
    const t = tokens.get(bearer(req) ?? '');
    if (!t || t.kind !== 'user') throw oauthError(401, 'invalid_token', 'token is invalid or expired');
    const u = users.get(t.userId)!;
    sendJson(res, 200, {
      sub: u.id,
      email: u.email,
      email_verified: true,
      name: `${u.firstName} ${u.lastName}`,
      given_name: u.firstName,
      family_name: u.lastName,
      preferred_username: u.email,
    });
  }

  function introspect(req: IncomingMessage, res: ServerResponse, raw: string) {
    const f = form(raw);
    if (!clientOk(f, req)) throw oauthError(401, 'invalid_client', 'client not found or wrong secret');
    const t = tokens.get(f.get('token') ?? '');
    if (!t) return sendJson(res, 200, { active: false });
    sendJson(res, 200, {
      active: true,
      client_id: opts.clientId,
      token_type: 'Bearer',
      scope: 'openid profile email',
      sub: t.kind === 'user' ? t.userId : opts.clientId,
    });
  }

  function revoke(req: IncomingMessage, res: ServerResponse, raw: string) {
    const f = form(raw);
    if (!clientOk(f, req)) throw oauthError(401, 'invalid_client', 'client not found or wrong secret');
    tokens.delete(f.get('token') ?? '');
    refreshTokens.delete(f.get('token') ?? '');
    res.writeHead(200).end();
  }

  function discovery(res: ServerResponse, origin: string) {
    sendJson(res, 200, {
      issuer: origin,
      authorization_endpoint: `${origin}/oauth/v2/authorize`,
      token_endpoint: `${origin}/oauth/v2/token`,
      introspection_endpoint: `${origin}/oauth/v2/introspect`,
      userinfo_endpoint: `${origin}/oidc/v1/userinfo`,
      revocation_endpoint: `${origin}/oauth/v2/revoke`,
      end_session_endpoint: `${origin}/oidc/v1/end_session`,
      jwks_uri: `${origin}/oauth/v2/keys`,
      response_types_supported: ['code', 'id_token', 'id_token token'],
      grant_types_supported: [
        'authorization_code',
        'refresh_token',
        'client_credentials',
        'urn:ietf:params:oauth:grant-type:jwt-bearer',
      ],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, url: URL, raw: string) {
    const route = `${req.method} ${url.pathname}`;
    if (commonAdmin(route, url, res, log, 'directory-stand-in')) return;
    if (route === 'POST /__admin/users') {
      const b = parseJson(raw, (m) => ({ error: m })) as {
        email?: unknown;
        password?: unknown;
        firstName?: unknown;
        lastName?: unknown;
      };
      if (
        typeof b.email !== 'string' ||
        !b.email.includes('@') ||
        typeof b.password !== 'string' ||
        b.password.length < 1
      ) {
        throw new HttpError(400, {
          error: 'expected {"email": "<address>", "password": "<text>", "firstName"?, "lastName"?}',
        });
      }
      const u = users.add({
        email: b.email,
        password: b.password,
        firstName: typeof b.firstName === 'string' ? b.firstName : undefined,
        lastName: typeof b.lastName === 'string' ? b.lastName : undefined,
      });
      return sendJson(res, 201, { id: u.id, email: u.email });
    }
    throw new HttpError(404, { error: `no admin route ${route}` });
  }

  return createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const origin = `http://${req.headers.host ?? '127.0.0.1'}`;
    try {
      const raw = req.method === 'GET' ? '' : await readBody(req);
      if (url.pathname.startsWith('/__admin/')) {
        await admin(req, res, url, raw);
      } else {
        log.add(
          req,
          raw === ''
            ? null
            : (() => {
                try {
                  return JSON.parse(raw);
                } catch {
                  return raw;
                }
              })(),
        );
        const route = `${req.method} ${url.pathname}`;
        if (route === 'POST /oauth/v2/token') await token(req, res, raw);
        else if (route === 'POST /management/v1/users/_search') await searchUsers(req, res, raw);
        else if (route === 'POST /v2/sessions') await createSession(req, res, raw);
        else if (route === 'GET /.well-known/openid-configuration') discovery(res, origin);
        else if (route === 'GET /oauth/v2/keys') sendJson(res, 200, { keys: [] });
        else if (route === 'GET /oidc/v1/userinfo') userinfo(req, res);
        else if (route === 'POST /oauth/v2/introspect') introspect(req, res, raw);
        else if (route === 'POST /oauth/v2/revoke') revoke(req, res, raw);
        else throw grpcError(404, 5, `Not Found: ${req.method} ${url.pathname}`);
      }
      logLine('directory', req, res.statusCode);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      sendJson(
        res,
        status,
        e instanceof HttpError ? e.body : { code: 13, message: `stand-in failure: ${(e as Error).message}` },
        status === 413 ? { connection: 'close' } : {},
      );
      logLine('directory', req, status, e instanceof HttpError ? '' : String((e as Error).stack));
    }
  });
}
