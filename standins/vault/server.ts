/**
 * The Vault KV-v2 stand-in a real BotServer build needs (contract §11.1): `GET /v1/secret/data/gbo/tables` answers
 * the stack's database coordinates in the full KV-v2 envelope (a bare `{"data":{"data":…}}` is silently rejected by
 * the real server); every other path answers 404 `{"errors":[]}`, and the server falls back to its defaults.
 * Records what it was asked (GET /__admin/requests).
 */
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { RequestLog, logLine, sendJson } from '../http-kit.ts';

export interface VaultTables {
  host: string;
  port: string;
  database: string;
  username: string;
  password: string;
}

export function kvV2Envelope(data: Record<string, string>) {
  return {
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data: {
      data,
      metadata: {
        created_time: new Date().toISOString(),
        deletion_time: '',
        destroyed: false,
        version: 1,
        custom_metadata: null,
      },
    },
    wrap_info: null,
    warnings: null,
    auth: null,
  };
}

export function createVaultStandIn(secrets: Record<string, Record<string, string>>) {
  const log = new RequestLog();
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (url.pathname === '/__admin/health') return sendJson(res, 200, { status: 'ok', service: 'vault-stand-in' });
    if (url.pathname === '/__admin/requests') return sendJson(res, 200, log.query(url.searchParams));
    log.add(req, null);
    const m = /^\/v1\/secret\/data\/(.+)$/.exec(url.pathname);
    const secret = m && req.method === 'GET' ? secrets[m[1]!] : undefined;
    if (url.pathname === '/v1/sys/health')
      sendJson(res, 200, { initialized: true, sealed: false, standby: false, version: 'stand-in' });
    else if (secret) sendJson(res, 200, kvV2Envelope(secret));
    else sendJson(res, 404, { errors: [] });
    logLine('vault', req, res.statusCode);
  });
}

export function tablesSecret(t: VaultTables): Record<string, Record<string, string>> {
  return { 'gbo/tables': { ...t } };
}
