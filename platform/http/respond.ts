/** JSON answers and request bodies for the reference platform. */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY = 1024 * 1024;

export class ApiError extends Error {
  readonly status: number;
  readonly body: Record<string, unknown>;
  constructor(status: number, error: string, details: string | null = null, extra: Record<string, unknown> = {}) {
    super(error);
    this.status = status;
    this.body = { error, details, ...extra };
  }
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
  });
  res.end(text);
}

/** What an unmounted route answers on HEAD (an empty body, as axum's router does; measured 2026-11-26). */
export function unrouted(res: ServerResponse, status: 404 | 405): void {
  res.writeHead(status, { 'content-length': 0 }).end();
}

/** Reads a JSON body: 415 when it is not JSON, 413 over 1 MiB, 400 when it does not parse. */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new ApiError(415, 'Expected request with `Content-Type: application/json`');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw new ApiError(413, 'Payload too large', `the limit is ${MAX_BODY} bytes`);
    chunks.push(c as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (e) {
    throw new ApiError(400, 'Invalid JSON', (e as Error).message);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ApiError(400, 'Invalid JSON', 'expected an object');
  return value as Record<string, unknown>;
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
