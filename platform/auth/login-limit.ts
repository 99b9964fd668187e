/**
 * Brute-force protection of the login (issue 20; OWASP ASVS V2.2.1): after `maxFailures` wrong passwords for one
 * account within the window, that account's logins are refused with 429 and `Retry-After` until the window is
 * over; other accounts are not affected, and the right password works again afterwards. Counted in Redis, so
 * every platform process shares it. The window is LOGIN_LOCKOUT_SECONDS (the stack's launcher sets it short for
 * the reference platform, so that a spec sees the lockout end), 900 s by default.
 */
import type { Redis } from 'ioredis';

export const MAX_FAILURES = 5;

const failures = (email: string) => `gb:auth:failures:${email.toLowerCase()}`;
const lockout = (email: string) => `gb:auth:lockout:${email.toLowerCase()}`;

export class LoginLimiter {
  private readonly redis: Redis;
  readonly windowSeconds: number;
  constructor(redis: Redis, windowSeconds = Number(process.env.LOGIN_LOCKOUT_SECONDS) || 900) {
    this.redis = redis;
    this.windowSeconds = windowSeconds;
  }

  /** Seconds until the account may try again (0: it may now). */
  async retryAfter(email: string): Promise<number> {
    const ms = await this.redis.pttl(lockout(email));
    return ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** Counts a wrong password; the account is locked for the window once it reaches MAX_FAILURES. */
  async failed(email: string): Promise<void> {
    const n = await this.redis.incr(failures(email));
    if (n === 1) await this.redis.expire(failures(email), this.windowSeconds);
    if (n >= MAX_FAILURES) {
      await this.redis.set(lockout(email), '1', 'EX', this.windowSeconds);
      await this.redis.del(failures(email));
    }
  }

  async succeeded(email: string): Promise<void> {
    await this.redis.del(failures(email));
  }
}
