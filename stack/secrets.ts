import { randomBytes } from 'node:crypto';

/** A random token of `bytes` bytes, hex encoded: every stack gets its own credentials. */
export function randomToken(bytes = 16): string {
  return randomBytes(bytes).toString('hex');
}

/** Shows only the start of a secret, for logs and reports. */
export function mask(secret: string | undefined): string {
  if (!secret) return '';
  return secret.length <= 4 ? '****' : `${secret.slice(0, 4)}…(${secret.length} chars)`;
}

/** Replaces every occurrence of the given secrets in `text` by a masked form. */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join(`[redacted ${mask(s)}]`);
  }
  return out;
}
