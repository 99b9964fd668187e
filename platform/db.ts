/**
 * The database subset of contract §6 that the journey needs, with BotServer's table and column names:
 * bots (seeded `default`), users, user_sessions, message_history, bot_configuration. Created at start, and
 * recorded in diesel's `__diesel_schema_migrations` as BotServer's embedded migrations record theirs.
 */
import pg from 'pg';

export const DEFAULT_BOT_ID = 'f47ac10b-58cc-4372-a567-0e02b2c3d480';

const MIGRATION = `
CREATE TABLE IF NOT EXISTS bots (
  id uuid PRIMARY KEY,
  name varchar(255) NOT NULL UNIQUE,
  description text,
  llm_provider varchar(100) NOT NULL DEFAULT 'openai',
  is_active boolean DEFAULT true,
  is_public boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY,
  username varchar(255) NOT NULL UNIQUE,
  email varchar(255) NOT NULL UNIQUE,
  password_hash varchar(255) NOT NULL,
  is_active boolean NOT NULL DEFAULT true,
  is_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS user_sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  bot_id uuid NOT NULL REFERENCES bots(id) ON DELETE CASCADE,
  title varchar(500) NOT NULL DEFAULT 'New Conversation',
  context_data jsonb NOT NULL DEFAULT '{}'::jsonb,
  current_tool varchar(255),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS message_history (
  id uuid PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES user_sessions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role integer NOT NULL,
  content_encrypted text NOT NULL,
  content_iv text,
  message_type integer NOT NULL DEFAULT 0,
  message_index integer NOT NULL,
  llm_model varchar(100),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS idx_message_history_session ON message_history(session_id, message_index);
CREATE TABLE IF NOT EXISTS bot_configuration (
  id uuid PRIMARY KEY,
  bot_id uuid NOT NULL,
  config_key varchar(255) NOT NULL,
  config_value text NOT NULL,
  config_type varchar(50) NOT NULL DEFAULT 'string',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (bot_id, config_key)
);
CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (
  version varchar(50) PRIMARY KEY,
  run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO __diesel_schema_migrations (version) VALUES ('00000000000001_reference_platform') ON CONFLICT DO NOTHING;
INSERT INTO bots (id, name, description, is_public) VALUES ('${DEFAULT_BOT_ID}', 'default', 'Default bot', true)
  ON CONFLICT (name) DO NOTHING;
`;

export function createPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 2000,
    idleTimeoutMillis: 10_000,
  });
  pool.on('error', (e) => console.error(`database pool: ${e.message}`));
  return pool;
}

export async function migrate(pool: pg.Pool): Promise<void> {
  await pool.query(MIGRATION);
}

/** `select 1` with a deadline: the health check's real question. */
export async function databaseAnswers(pool: pg.Pool, timeoutMs = 2000): Promise<boolean> {
  const timeout = new Promise<false>((r) => setTimeout(r, timeoutMs, false).unref());
  const query = pool.query('select 1 as ok').then(
    (r) => r.rows[0]?.ok === 1,
    () => false,
  );
  return Promise.race([query, timeout]);
}
