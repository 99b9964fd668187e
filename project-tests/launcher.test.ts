/** The BotServer launcher on its own: a port already taken, and readiness that needs the database. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { launchServer } from '../stack/botserver-launcher.ts';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { redactAll } from '../fixtures/diagnostics.ts';
import { tempDir } from './helpers.ts';

test('a port already taken: a clear error within 5 s with the platform log saying so', async () => {
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const port = (blocker.address() as { port: number }).port;
  const dir = tempDir('launch-');
  const stack = await TemporaryStack.start({
    config: loadConfig({ STACK_PROVIDER: 'local' }),
    platform: false,
    log: () => undefined,
  });
  const e = stack.env();
  const t0 = Date.now();
  try {
    await assert.rejects(
      launchServer({
        args: [],
        cwd: dir,
        port,
        logFile: join(dir, 'botserver.log'),
        botuiLogFile: join(dir, 'botui.log'),
        readyMs: 20_000,
        env: {
          PORT: String(port),
          DATABASE_URL: e.DATABASE_URL!,
          CACHE_URL: e.REDIS_URL!,
          MINIO_ENDPOINT: e.MINIO_URL!,
          MINIO_ACCESS_KEY: e.MINIO_ACCESS_KEY!,
          MINIO_SECRET_KEY: e.MINIO_SECRET_KEY!,
          LLM_URL: e.LLM_URL!,
        },
      }),
      (err: Error) =>
        /reference platform did not start: the process exited with code \d+ before it was ready/.test(err.message) &&
        /EADDRINUSE/.test(err.message),
    );
    assert.ok(Date.now() - t0 < 5000, `failed in ${Date.now() - t0} ms`);
  } finally {
    blocker.close();
    await stack.shutdown();
  }
});

test("attachments are redacted: the run's secrets, bearer tokens, URL passwords, password fields", () => {
  const info = {
    uiUrl: '',
    apiUrl: '',
    kind: 'reference' as const,
    build: {
      name: 'intended' as const,
      decidedBy: 'test',
      sendsThinking: true,
      botuiRendering: false,
      newBotsAtRuntime: true,
      differs: [],
      seen: [],
    },
    secrets: ['s3cr3t-value-123'],
  };
  const text =
    'key s3cr3t-value-123 auth "authorization":"Bearer gb_abcdef123456" url redis://default:hunter2pass@127.0.0.1:1 {"password":"TestPassword123!"}';
  const out = redactAll(text, info);
  for (const leaked of ['s3cr3t-value-123', 'gb_abcdef123456', 'hunter2pass', 'TestPassword123!'])
    assert.ok(!out.includes(leaked), `${leaked} redacted: ${out}`);
});
