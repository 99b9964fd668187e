/** The three directory (Zitadel) calls BotServer's login makes, in its order (contract §4.3, §11.3). */
import type { PlatformConfig } from '../config.ts';
import { ApiError } from '../http/respond.ts';

type Directory = NonNullable<PlatformConfig['directory']>;

export interface DirectoryLogin {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  sessionId: string;
  sessionToken: string;
}

const INVALID = () => new ApiError(401, 'Invalid email or password');

async function post(
  url: string,
  init: RequestInit,
): Promise<{ status: number; body: Record<string, unknown>; text: string }> {
  const r = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(10_000) });
  const text = await r.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body, text };
}

/** The directory's admin token by client credentials (login asks for Zitadel's audience, the start-up check not). */
function clientCredentialsToken(dir: Directory, scope: string) {
  return post(`${dir.baseUrl}/oauth/v2/token`, {
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: dir.clientId,
      client_secret: dir.clientSecret,
      scope,
    }),
  });
}

export async function directoryLogin(dir: Directory | null, email: string, password: string): Promise<DirectoryLogin> {
  if (!dir) throw new ApiError(500, 'Authentication service not configured');
  // 1. admin token by client credentials
  const token = await clientCredentialsToken(dir, 'openid profile email urn:zitadel:iam:org:project:id:zitadel:aud');
  const admin = token.body.access_token;
  if (token.status !== 200 || typeof admin !== 'string')
    throw new ApiError(500, 'Authentication service not configured', `token endpoint answered ${token.status}`);
  const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
  // 2. the user by email
  const search = await post(`${dir.baseUrl}/management/v1/users/_search`, {
    headers,
    body: JSON.stringify({ queries: [{ emailQuery: { emailAddress: email, method: 'TEXT_QUERY_METHOD_EQUALS' } }] }),
  });
  if (search.status !== 200) throw INVALID();
  const user = (search.body.result as Record<string, unknown>[] | undefined)?.[0];
  const userId = (user?.id ?? user?.userId) as string | undefined;
  if (!userId) throw INVALID();
  // 3. a session checking the password
  const session = await post(`${dir.baseUrl}/v2/sessions`, {
    headers,
    body: JSON.stringify({ checks: { user: { userId }, password: { password } } }),
  });
  if (session.status < 200 || session.status > 299) {
    if (/password|invalid/i.test(session.text)) throw INVALID();
    throw new ApiError(401, 'Authentication failed', `directory answered ${session.status}`);
  }
  const profile = ((user?.human as Record<string, unknown> | undefined)?.profile ?? {}) as Record<string, string>;
  return {
    userId,
    email,
    firstName: profile.firstName ?? '',
    lastName: profile.lastName ?? '',
    sessionId: String(session.body.sessionId ?? ''),
    sessionToken: String(session.body.sessionToken ?? ''),
  };
}

/**
 * The start-up check PRE and HEAD make when the directory is configured (contract §11.3, recorded
 * directory-calls.jsonl): a client-credentials token, then a user listing to see whether an admin exists.
 * Failures are only logged, as theirs are.
 */
export async function directoryStartupCheck(dir: Directory | null): Promise<void> {
  if (!dir) return;
  try {
    const token = await clientCredentialsToken(dir, 'openid profile email');
    const admin = token.body.access_token;
    if (typeof admin !== 'string')
      return console.error(`directory start-up check: token endpoint answered ${token.status}`);
    const users = await post(`${dir.baseUrl}/management/v1/users/_search?limit=10&offset=0`, {
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{}',
    });
    console.log(`directory start-up check: users/_search answered ${users.status}`);
  } catch (e) {
    console.error(`directory start-up check failed: ${(e as Error).message}`);
  }
}
