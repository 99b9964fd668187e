/** Anonymous chat sessions (contract §5.1): a guest user and a `user_sessions` row for the bot. */
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { DEFAULT_BOT_ID } from '../db.ts';
import { UUID } from '../http/respond.ts';

export interface ChatSession {
  user_id: string;
  session_id: string;
  bot_id: string;
  bot_name: string;
}

/** The bot by name; an unknown name falls back to the default bot (as PRE does) so that messages are saved. */
export async function findBot(db: pg.Pool, name: string | null): Promise<{ id: string; name: string }> {
  const r = await db.query(`SELECT id, name FROM bots WHERE name = $1`, [name || 'default']);
  return r.rows[0] ?? { id: DEFAULT_BOT_ID, name: 'default' };
}

/** Reuses the given ids when they exist (and belong together), else creates a guest user and a session. */
export async function anonymousSession(
  db: pg.Pool,
  botName: string | null,
  userId: string | null,
  sessionId: string | null,
): Promise<ChatSession> {
  const bot = await findBot(db, botName);
  let user =
    userId && UUID.test(userId)
      ? ((await db.query(`SELECT id FROM users WHERE id = $1`, [userId])).rows[0]?.id as string | undefined)
      : undefined;
  if (!user) {
    const tag = randomBytes(4).toString('hex');
    user = randomUUID();
    await db.query(`INSERT INTO users (id, username, email, password_hash) VALUES ($1, $2, $3, '')`, [
      user,
      `guest_${tag}`,
      `guest_${tag}@anonymous.local`,
    ]);
  }
  let session =
    sessionId && UUID.test(sessionId)
      ? ((await db.query(`SELECT id FROM user_sessions WHERE id = $1 AND user_id = $2`, [sessionId, user])).rows[0]
          ?.id as string | undefined)
      : undefined;
  if (!session) {
    session = randomUUID();
    await db.query(`INSERT INTO user_sessions (id, user_id, bot_id, title) VALUES ($1, $2, $3, 'Anonymous Chat')`, [
      session,
      user,
      bot.id,
    ]);
  }
  return { user_id: user, session_id: session, bot_id: bot.id, bot_name: bot.name };
}
