/** Small helpers shared by the stand-in servers (plain node:http). */
import type { IncomingMessage, ServerResponse } from 'node:http';

export const MAX_BODY = 1024 * 1024;

export class HttpError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, body: unknown) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
    this.status = status;
    this.body = body;
  }
}

export async function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit)
      throw new HttpError(413, {
        error: { message: `request body over ${limit} bytes`, type: 'invalid_request_error' },
      });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** Parses a JSON body; `onError` builds the error body the real service would send. */
export function parseJson(text: string, onError: (message: string) => unknown): unknown {
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch (e) {
    throw new HttpError(400, onError(`malformed JSON: ${(e as Error).message}`));
  }
}

export function bearer(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  if (!h) return undefined;
  const m = /^Bearer\s*(.*)$/i.exec(h);
  return m ? m[1]!.trim() : undefined;
}

export interface RecordedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
  [extra: string]: unknown;
}

/** Keeps every request a stand-in answered, for the admin API. */
export class RequestLog {
  private seq = 0;
  readonly items: RecordedRequest[] = [];
  add(req: IncomingMessage, body: unknown, extra: Record<string, unknown> = {}): RecordedRequest {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const item: RecordedRequest = {
      seq: ++this.seq,
      at: new Date().toISOString(),
      method: req.method ?? '',
      path: req.url ?? '',
      headers,
      body,
      ...extra,
    };
    this.items.push(item);
    if (this.items.length > 5000) this.items.shift();
    return item;
  }
  /** Filtered by a substring of the path and/or of the JSON-encoded body. */
  query(params: URLSearchParams): RecordedRequest[] {
    const path = params.get('path');
    const contains = params.get('contains');
    const since = Number(params.get('since') ?? 0);
    return this.items.filter(
      (r) =>
        r.seq > since && (!path || r.path.includes(path)) && (!contains || JSON.stringify(r.body).includes(contains)),
    );
  }
  clear(): void {
    this.items.length = 0;
  }
}

/** Logs one line per request to stdout (which the stack sends to the stand-in's log file). */
export function logLine(name: string, req: IncomingMessage, status: number, note = ''): void {
  console.log(`${new Date().toISOString()} ${name} ${req.method} ${req.url} -> ${status}${note ? ` ${note}` : ''}`);
}

/** The admin routes every stand-in has (health, recorded requests); true when it answered one. */
export function commonAdmin(route: string, url: URL, res: ServerResponse, log: RequestLog, service: string): boolean {
  if (route === 'GET /__admin/health') sendJson(res, 200, { status: 'ok', service });
  else if (route === 'GET /__admin/requests') sendJson(res, 200, log.query(url.searchParams));
  else if (route === 'DELETE /__admin/requests') {
    log.clear();
    sendJson(res, 200, { cleared: true });
  } else return false;
  return true;
}
