/**
 * The security headers the reference platform sends (issue 20; OWASP ASVS V14.4, the passive rules of ZAP's
 * baseline scan): on pages a Content-Security-Policy without inline script, `nosniff`, framing refused and a
 * referrer policy; on `/api/*` `nosniff`, and no CORS grant to a foreign origin. Which page headers a profile sends
 * (and whether it echoes a foreign Origin with credentials) comes from platform/security-profile.ts, so the
 * `pre` and `head` profiles reproduce what was measured on those builds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderName, SecurityTraits } from '../security-profile.ts';

/** `connect-src 'self'` covers the page's own websocket (ws: of the same host) in CSP Level 3. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export type { HeaderName };

/** Sets the headers `traits` lists for this request, before the route answers (writeHead keeps them). */
export function applySecurityHeaders(req: IncomingMessage, res: ServerResponse, traits: SecurityTraits): void {
  const api = (req.url ?? '/').startsWith('/api/');
  const sent: HeaderName[] = api ? ['x-content-type-options'] : traits.pageHeaders;
  const values: Record<HeaderName, string> = {
    'content-security-policy': PAGE_CSP,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'strict-origin-when-cross-origin',
  };
  for (const name of sent) res.setHeader(name, values[name]);
  const origin = req.headers.origin;
  if (api && origin && traits.corsEchoesOrigin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'Origin');
  }
}

/**
 * Whether a websocket upgrade comes from the platform's own pages: no Origin (not a browser) or an Origin whose
 * host is the one the request was sent to. A page of another site sends its own Origin (cross-site websocket
 * hijacking, OWASP WSTG-CLNT-10).
 */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
