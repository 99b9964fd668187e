/** The wiring a real BotServer build gets (contract §11.1), checked on its files, env and Vault answers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { prepareWorkdir, botserverEnv, botConfigCsv } from '../stack/botserver-wiring.ts';
import { loadServices } from '../stack/services/registry.ts';
import type { StackContext, StartedService } from '../stack/services/types.ts';
import { createVaultStandIn, tablesSecret } from '../standins/vault/server.ts';
import { VaultAdmin } from '../standins/clients.ts';
import { parseConfigCsv } from '../platform/chat/bot-config.ts';
import { configCsvRows } from '../stack/config-csv.ts';
import { listen } from './standin-server.ts';
import { tempDir } from './helpers.ts';

test('the working dir holds the bootstrap markers, the work dir, the start script and the directory config', async () => {
  const root = tempDir('wd-');
  const wd = await prepareWorkdir({
    root,
    directory: { url: 'http://127.0.0.1:1234', clientId: 'cid', clientSecret: 'sec' },
  });
  assert.equal(readFileSync(join(root, '.env'), 'utf8'), '');
  assert.ok(existsSync(join(root, 'botserver-stack/conf/vault/init.json')));
  assert.ok(existsSync(join(root, 'botserver-stack/data/system/work')));
  assert.ok(
    readFileSync(join(root, 'botserver-stack/data/system/work/default.gbai/default.gbdialog/start.ast'), 'utf8').trim()
      .length > 0,
  );
  assert.deepEqual(JSON.parse(readFileSync(wd.directoryConfig, 'utf8')), {
    base_url: 'http://127.0.0.1:1234',
    client_id: 'cid',
    client_secret: 'sec',
  });
  for (const d of [wd.home, wd.site, wd.data]) assert.ok(d.startsWith(root) && existsSync(d));
});

test('the environment: every path inside the temp dir, S3 for both commits, TLS and the local LLM off', async () => {
  const root = tempDir('wd-');
  const wd = await prepareWorkdir({ root, directory: { url: 'http://127.0.0.1:1', clientId: 'c', clientSecret: 's' } });
  // What the service files give the platform (stack/services/*.ts platformEnv), composed as the platform's file does.
  const services = await loadServices();
  const given = (key: string, svc: Partial<StartedService>) =>
    services.find((s) => s.key === key)!.platformEnv!(svc as StartedService, ctx);
  const ctx = {
    credentials: { s3AccessKey: 'ak', s3SecretKey: 'sk' },
    secrets: { vaultToken: 't' },
  } as unknown as StackContext;
  const env = botserverEnv({
    port: 5858,
    workdir: wd,
    jwtSecret: 'j'.repeat(64),
    fromServices: {
      ...given('postgres', { url: 'postgres://u:p@127.0.0.1:5432/d' }),
      ...given('redis', { url: 'redis://:pw@127.0.0.1:6379' }),
      ...given('s3', {
        url: 'http://127.0.0.1:9000',
        state: { host: '127.0.0.1', port: 9000 } as StartedService['state'],
      }),
      ...given('llm', { url: 'http://127.0.0.1:7000' }),
      ...given('vault', { url: 'http://127.0.0.1:8200' }),
    },
  });
  assert.equal(env.PORT, '5858');
  assert.equal(env.BOTSERVER_DISABLE_TLS, '1');
  assert.equal(env.SKIP_LLM_SERVER, '1');
  assert.equal(env.CACHE_URL, 'redis://:pw@127.0.0.1:6379');
  assert.equal(env.MINIO_SERVER, '127.0.0.1:9000', 'PRE reads MINIO_SERVER');
  assert.equal(env.MINIO_ENDPOINT, 'http://127.0.0.1:9000', 'HEAD reads MINIO_ENDPOINT');
  assert.equal(env.VAULT_ADDR, 'http://127.0.0.1:8200');
  assert.equal(env.LLM_URL, 'http://127.0.0.1:7000');
  for (const k of ['HOME', 'SITE_PATH', 'DATA_DIR', 'GBO_WORK_PATH'])
    assert.ok(env[k]!.startsWith(root), `${k} inside the temp dir`);
  assert.ok(!Object.values(env).some((v) => v.includes('/opt/gbo')));
});

test('config.csv: the LLM stand-in, its key, the local LLM server and the answer cache off; parsed as BotServer does', () => {
  const csv = botConfigCsv('http://127.0.0.1:7000', 'key123');
  const rows = parseConfigCsv(csv);
  assert.equal(rows.get('llm-url'), 'http://127.0.0.1:7000');
  assert.equal(rows.get('llm-key'), 'key123');
  assert.equal(rows.get('llm-model'), 'stand-in-model');
  assert.equal(rows.get('llm-server'), 'false');
  assert.equal(rows.get('llm-cache'), 'false');
  assert.equal(rows.has('name'), false, 'no header line that would become a key');
  assert.deepEqual([...parseConfigCsv('name,value\n# c\nkey,value\na, b,c \n').entries()], [['a', 'b,c']]);
  // The stack's own reader (stack/config-csv.ts), which checks what the platform took up, reads the same rows.
  assert.deepEqual([...configCsvRows(csv).entries()], [...rows.entries()]);
  assert.deepEqual([...configCsvRows('name,value\r\n# c\r\nkey,value\r\na, b,c \r\n').entries()], [['a', 'b,c']]);
});

test('the Vault stand-in answers gbo/tables in the full KV-v2 envelope, 404 elsewhere, and records what it was asked', async () => {
  const tables = {
    host: '127.0.0.1',
    port: '5432',
    database: 'botserver_test_x',
    username: 'bs_u',
    password: 'secret',
  };
  const { url, close } = await listen(createVaultStandIn(tablesSecret(tables)));
  try {
    const r = await fetch(`${url}/v1/secret/data/gbo/tables`, {
      headers: { 'x-vault-request': 'true', 'x-vault-token': 't' },
    });
    assert.equal(r.status, 200);
    const body = await r.json();
    for (const k of ['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth'])
      assert.ok(k in body, `envelope has ${k}`);
    assert.deepEqual(body.data.data, tables);
    assert.ok(
      Object.values(body.data.data).every((v) => typeof v === 'string'),
      'all values are strings',
    );
    assert.deepEqual(Object.keys(body.data.metadata).sort(), [
      'created_time',
      'custom_metadata',
      'deletion_time',
      'destroyed',
      'version',
    ]);
    for (const other of ['gbo/drive', 'gbo/app', 'gbo/vectordb', 'gbo/jwt']) {
      const o = await fetch(`${url}/v1/secret/data/${other}`);
      assert.equal(o.status, 404);
      assert.deepEqual(await o.json(), { errors: [] });
    }
    const asked = (await new VaultAdmin(url).requests()).map((x) => x.path);
    assert.deepEqual(asked, [
      '/v1/secret/data/gbo/tables',
      '/v1/secret/data/gbo/drive',
      '/v1/secret/data/gbo/app',
      '/v1/secret/data/gbo/vectordb',
      '/v1/secret/data/gbo/jwt',
    ]);
  } finally {
    await close();
  }
});
