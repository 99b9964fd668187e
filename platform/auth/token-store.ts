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

export class TokenStore {
  private readonly redis: Redis;
  constructor(redis: Redis) {
    this.redis = redis;
  }

  async issue(user: TokenUser): Promise<string> {
    const token = `gb_${randomUUID()}_${Math.floor(Date.now() / 1000)}`;
    await this.redis.set(key(token), JSON.stringify(user), 'EX', TOKEN_TTL_SECONDS);
    return token;
  }

  async lookup(token: string | undefined): Promise<TokenUser | null> {
    if (!token) return null;
    const raw = await this.redis.get(key(token));
    return raw ? (JSON.parse(raw) as TokenUser) : null;
  }

  async revoke(token: string): Promise<boolean> {
    return (await this.redis.del(key(token))) === 1;
  }
}
