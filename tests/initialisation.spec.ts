import { test, expect } from '../fixtures/test.ts';
import { Redis } from 'ioredis';
import { defaultReply } from '../standins/llm/scenarios.ts';
import { chatAnswers, chatSession } from '../fixtures/checks/preconditions.ts';

/** General Bots' own E2E plan: "platform loading" and "BotServer initialisation" (contract §1.5, §6, §7, §11.1). */
test.describe('initialisation (contract §1.5, §6, §11.1, §11.5)', () => {
  test("database migrations completed: the migration table lists migrations and the journey's tables exist", async ({
    db,
  }) => {
    const migrations = await db.migrations();
    expect(migrations.length, 'rows in __diesel_schema_migrations').toBeGreaterThan(0);
    const tables = await db.tables();
    for (const t of ['bots', 'users', 'user_sessions', 'message_history', 'bot_configuration'])
      expect(tables, `table ${t}`).toContain(t);
    expect(await db.botId('default'), 'the seeded default bot').toMatch(/^[0-9a-f-]{36}$/);
  });

  test("configuration loaded: the LLM request uses the bot's config.csv model, whose rows are in bot_configuration", async ({
    api,
    llm,
    db,
    stack,
    uniq,
  }) => {
    // Preconditions: a session (its bot checked, or looked up by name) and a chat that reaches the LLM stand-in.
    const session = await chatSession(api, db);
    const text = `which model ${uniq}`;
    const { request } = await chatAnswers(stack.apiUrl, llm, session, text);
    expect(request.reply).toBe(defaultReply(text));
    // `stand-in-model` exists only in the bucket's config.csv (no LLM_MODEL is set): seeing it proves the file was read.
    expect(request.body.model, "the model is config.csv's llm-model").toBe('stand-in-model');
    const rows = await db.botConfig(session.bot_id);
    expect(rows['llm-model'], "bot_configuration holds config.csv's llm-model for the bot").toBe('stand-in-model');
  });

  test("dependencies connected: a chat turn leaves its session's key in Redis; the directory was called by the platform", async ({
    api,
    stack,
    directory,
    llm,
    uniq,
    db,
  }) => {
    test.skip(!stack.redisUrl, 'attached run: no Redis URL given');
    // Preconditions: a session and a turn that was answered in it (a dead chat is not a Redis finding).
    const session = await chatSession(api, db);
    await chatAnswers(stack.apiUrl, llm, session, `a turn that leaves its key ${uniq}`);
    const redis = new Redis(stack.redisUrl!, { lazyConnect: true, maxRetriesPerRequest: 1 });
    try {
      await redis.connect();
      // BotServer remembers per session that the start script ran (`start_bas_executed:<bot>:<session>`, §4.5).
      await expect
        .poll(async () => redis.keys(`*${session.session_id}*`), { message: 'a Redis key naming the chat session' })
        .not.toEqual([]);
    } finally {
      redis.disconnect();
    }
    // At start the platform takes a directory token by client credentials (PRE and HEAD check for an admin, §11.3).
    await expect
      .poll(async () => (await directory.requests({ path: '/oauth/v2/token' })).length, {
        message: 'the platform called the directory',
      })
      .toBeGreaterThan(0);
  });
});
