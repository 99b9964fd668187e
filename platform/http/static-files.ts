/** The pages and assets of the reference platform, from platform/public (written here, not copied from botui). */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { extname, join, normalize } from 'node:path';
import type { ServerResponse } from 'node:http';

const ROOT = fileURLToPath(new URL('../public/', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Page routes as botui has them (contract §3.2–3.3). */
const PAGES: Record<string, string> = {
  '/': 'suite/desktop.html',
  '/chat': 'suite/desktop.html',
  '/suite': 'suite/desktop.html',
  '/default': 'suite/desktop.html',
  '/login': 'suite/auth/login.html',
  '/auth/login.html': 'suite/auth/login.html',
  '/suite/auth/login.html': 'suite/auth/login.html',
};

/** Serves a page or an asset; false when the path is neither. */
export async function serveStatic(pathname: string, res: ServerResponse): Promise<boolean> {
  // A bot's own chat at `/<bot>/`, as botui serves it (contract §11.8); the page reads the bot from its path.
  const botPage = /^\/[a-z0-9][a-z0-9-]*\/$/.test(pathname) ? 'suite/desktop.html' : undefined;
  const rel = PAGES[pathname] ?? botPage ?? (pathname.startsWith('/suite/') ? pathname.slice(1) : undefined);
  if (!rel) return false;
  const file = normalize(join(ROOT, rel));
  if (!file.startsWith(ROOT)) return false;
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': body.length,
      'x-reference-platform': 'botserver-e2e',
    });
    res.end(body);
    return true;
  } catch {
    return false;
  }
}
