/** Login tokens live in Redis with their expiry (not in process memory): a restart keeps them, logout removes them. */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

export const TOKEN_TTL_SECONDS = 3600;

export interface TokenUser {
  id: string;
  dbUserId: string;
  email: string;
  firstName: string;
  lastName: string;
}

const key = (token: string) => `gb:auth:token:${token}`;

/**
 * Where tokens live (platform/security-profile.ts): `redis` with their lifetime as the key's TTL (intended);
 * `memory`, a map in the process that never expires them, as PRE keeps its `gb_…` tokens (SESSION_CACHE, measured:
 * issue 20); `redis-no-expiry`, the `tokens-never-expire` mutation.
 */
export type TokenKeeping = 'redis' | 'memory' | 'redis-no-expiry';

export class TokenStore {
  private readonly redis: Redis;
  private readonly keeping: TokenKeeping;
  private readonly memory = new Map<string, TokenUser>();
  constructor(redis: Redis, keeping: TokenKeeping = 'redis') {
    this.redis = redis;
    this.keeping = keeping;
  }

  async issue(user: TokenUser): Promise<string> {
    const token = `gb_${randomUUID()}_${Math.floor(Date.now() / 1000)}`;
    if (this.keeping === 'memory') this.memory.set(token, user);
    else if (this.keeping === 'redis-no-expiry') await this.redis.set(key(token), JSON.stringify(user));
    else await this.redis.set(key(token), JSON.stringify(user), 'EX', TOKEN_TTL_SECONDS);
    return token;
  }

  async lookup(token: string | undefined): Promise<TokenUser | null> {
    if (!token) return null;
    if (this.keeping === 'memory') return this.memory.get(token) ?? null;
    const raw = await this.redis.get(key(token));
    return raw ? (JSON.parse(raw) as TokenUser) : null;
  }

  async revoke(token: string): Promise<boolean> {
    if (this.keeping === 'memory') return this.memory.delete(token);
    return (await this.redis.del(key(token))) === 1;
  }
}
