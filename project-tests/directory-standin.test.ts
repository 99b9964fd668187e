import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createDirectoryStandIn } from '../standins/directory/server.ts';
import { DirectoryAdmin } from '../standins/clients.ts';
import { listen } from './standin-server.ts';

const CLIENT = { clientId: 'test-client-id', clientSecret: 'test-client-secret' };
const USER = { email: 'test@example.com', password: 'TestPassword123!' };
let url = '';
let close: () => Promise<void>;
before(async () => {
  const s = await listen(createDirectoryStandIn({ ...CLIENT, seedUsers: [USER] }));
  url = s.url;
  close = s.close;
});
after(() => close());

const form = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
const jsonPost = (path: string, token: string | undefined, body: unknown) =>
  fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

async function adminToken(): Promise<string> {
  const r = await form('/oauth/v2/token', {
    grant_type: 'client_credentials',
    client_id: CLIENT.clientId,
    client_secret: CLIENT.clientSecret,
    scope: 'openid profile email urn:zitadel:iam:org:project:id:zitadel:aud',
  });
  assert.equal(r.status, 200);
  return (await r.json()).access_token;
}

async function login(email: string, password: string): Promise<Response> {
  const token = await adminToken();
  const search = await (
    await jsonPost('/management/v1/users/_search', token, {
      queries: [{ emailQuery: { emailAddress: email, method: 'TEXT_QUERY_METHOD_EQUALS' } }],
    })
  ).json();
  const id = search.result?.[0]?.id ?? search.result?.[0]?.userId;
  if (!id) return new Response(JSON.stringify(search), { status: 404 });
  return jsonPost('/v2/sessions', token, { checks: { user: { userId: id }, password: { password } } });
}

test('the three login calls of §4.3 succeed for the seeded user', async () => {
  const r = await login(USER.email, USER.password);
  assert.equal(r.status, 201);
  const body = await r.json();
  assert.ok(body.sessionId && body.sessionToken);
});

test('a wrong password is a 4xx whose error text mentions the password; an unknown email finds nobody', async () => {
  const wrong = await login(USER.email, 'nope');
  assert.ok(wrong.status >= 400 && wrong.status < 500);
  assert.match(await wrong.text(), /password/i);
  const token = await adminToken();
  const search = await (
    await jsonPost('/management/v1/users/_search', token, {
      queries: [{ emailQuery: { emailAddress: 'nobody@example.com', method: 'TEXT_QUERY_METHOD_EQUALS' } }],
    })
  ).json();
  assert.equal(search.result, undefined);
  assert.equal(search.details.totalResult, '0');
});

test('users created through the admin API can log in; each worker gets its own', async () => {
  const admin = new DirectoryAdmin(url);
  const a = await admin.createUser({ email: 'worker-0@e2e.test', password: 'pw-zero' });
  const b = await admin.createUser({ email: 'worker-1@e2e.test', password: 'pw-one' });
  assert.notEqual(a.id, b.id);
  assert.equal((await login('worker-0@e2e.test', 'pw-zero')).status, 201);
  assert.equal((await login('worker-1@e2e.test', 'pw-zero')).status, 400);
  await assert.rejects(admin.createUser({ email: 'not-an-email', password: 'x' }), /400/);
});

test('bearer tokens are checked as Zitadel does', async () => {
  const none = await jsonPost('/management/v1/users/_search', undefined, {});
  assert.equal(none.status, 401);
  assert.equal((await none.json()).code, 16);
  assert.equal((await jsonPost('/v2/sessions', 'made-up', { checks: {} })).status, 401);
});

test('token endpoint: bad client, password grant, refresh grant, unsupported grant', async () => {
  const bad = await form('/oauth/v2/token', { grant_type: 'client_credentials', client_id: 'x', client_secret: 'y' });
  assert.equal(bad.status, 401);
  assert.equal((await bad.json()).error, 'invalid_client');
  const basic = await form(
    '/oauth/v2/token',
    { grant_type: 'client_credentials' },
    { authorization: `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}` },
  );
  assert.equal(basic.status, 200);
  const pw = await (
    await form('/oauth/v2/token', { grant_type: 'password', username: USER.email, password: USER.password })
  ).json();
  assert.ok(pw.access_token && pw.refresh_token);
  const info = await (
    await fetch(`${url}/oidc/v1/userinfo`, { headers: { authorization: `Bearer ${pw.access_token}` } })
  ).json();
  assert.equal(info.email, USER.email);
  const refreshed = await form('/oauth/v2/token', { grant_type: 'refresh_token', refresh_token: pw.refresh_token });
  assert.equal(refreshed.status, 200);
  assert.equal((await form('/oauth/v2/token', { grant_type: 'refresh_token', refresh_token: 'x' })).status, 400);
  assert.equal((await form('/oauth/v2/token', { grant_type: 'device_code' })).status, 400);
});

test('introspect, revoke, discovery, keys', async () => {
  const pw = await (
    await form('/oauth/v2/token', { grant_type: 'password', username: USER.email, password: USER.password })
  ).json();
  const creds = { client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret };
  assert.equal((await (await form('/oauth/v2/introspect', { ...creds, token: pw.access_token })).json()).active, true);
  assert.equal((await form('/oauth/v2/revoke', { ...creds, token: pw.access_token })).status, 200);
  assert.equal((await (await form('/oauth/v2/introspect', { ...creds, token: pw.access_token })).json()).active, false);
  assert.equal(
    (await fetch(`${url}/oidc/v1/userinfo`, { headers: { authorization: `Bearer ${pw.access_token}` } })).status,
    401,
  );
  const disco = await (await fetch(`${url}/.well-known/openid-configuration`)).json();
  assert.equal(disco.token_endpoint, `${url}/oauth/v2/token`);
  assert.deepEqual(await (await fetch(`${url}/oauth/v2/keys`)).json(), { keys: [] });
});

test('malformed JSON is a 400 with a message, and the stand-in keeps serving', async () => {
  const token = await adminToken();
  const r = await fetch(`${url}/v2/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{"checks":',
  });
  assert.equal(r.status, 400);
  assert.match((await r.json()).message, /invalid JSON/);
  assert.equal((await fetch(`${url}/nothing/here`)).status, 404);
  assert.equal((await login(USER.email, USER.password)).status, 201);
});

test('every call is recorded for the admin API', async () => {
  const recorded = await new DirectoryAdmin(url).requests({ path: '/v2/sessions' });
  assert.ok(recorded.length >= 3);
  assert.ok(recorded.every((r) => r.path === '/v2/sessions'));
});
