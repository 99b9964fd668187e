/**
 * BotServer's wiring to a temporary stack, as contract §11.1 measured it for real builds (the reference platform
 * gets the same): the bucket with the bot's config.csv, the environment, the Vault stand-in's secret, the SQL after
 * start, and the working dir it runs in, inside `<temp dir>/botserver/`:
 * - `.env` (empty) and `botserver-stack/conf/vault/init.json`: the "bootstrap done" markers, so the server
 *   neither downloads its components nor runs its `pkill -9` of postgres/redis/minio (§1.4);
 * - `botserver-stack/data/system/work/`: without it the work path becomes /opt/gbo/work;
 * - `.../work/default.gbai/default.gbdialog/start.ast`: without a start script PRE swallows each session's first
 *   message (§11.4);
 * - `botserver-stack/conf/system/directory_config.json`: the only place PRE reads the directory's address;
 * - `home/`, `site/`, `data/` for HOME, SITE_PATH, DATA_DIR (their defaults are under /opt/gbo and ~);
 * - `tmp/` for TMPDIR: HEAD writes every KB document it indexes to `std::env::temp_dir()/gb_kb_<uuid>_<file>`
 *   (botdrive drive_monitor/types.rs:208, f59afde5) and leaves it; there it goes with the stack.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from './checks.ts';
import { DEFAULT_DIMENSIONS as EMBEDDING_DIMENSIONS } from '../standins/llm/embeddings.ts';

export interface WorkdirInput {
  root: string;
  directory: { url: string; clientId: string; clientSecret: string };
}

export interface Workdir {
  cwd: string;
  home: string;
  site: string;
  data: string;
  /** TMPDIR of the platform (inside the temp dir, removed with it). */
  tmp: string;
  workPath: string;
  directoryConfig: string;
}

/** The platform's work dir (GBO_WORK_PATH), where it compiles dialogs, for a stack's `botserver/` folder. */
export function workPathOf(root: string): string {
  return join(root, 'botserver-stack', 'data', 'system', 'work');
}

export async function prepareWorkdir(input: WorkdirInput): Promise<Workdir> {
  const cwd = input.root;
  const stack = join(cwd, 'botserver-stack');
  const workPath = workPathOf(cwd);
  const dialog = join(workPath, 'default.gbai', 'default.gbdialog');
  const dirs = { home: join(cwd, 'home'), site: join(cwd, 'site'), data: join(cwd, 'data'), tmp: join(cwd, 'tmp') };
  await Promise.all([
    mkdir(join(stack, 'conf', 'vault'), { recursive: true }),
    mkdir(join(stack, 'conf', 'system'), { recursive: true }),
    mkdir(dialog, { recursive: true }),
    ...Object.values(dirs).map((d) => mkdir(d, { recursive: true })),
  ]);
  const directoryConfig = join(stack, 'conf', 'system', 'directory_config.json');
  await Promise.all([
    writeFile(join(cwd, '.env'), ''),
    writeFile(join(stack, 'conf', 'vault', 'init.json'), '{}'),
    writeFile(join(dialog, 'start.ast'), 'let started = true;\n'),
    writeFile(
      directoryConfig,
      JSON.stringify(
        {
          base_url: input.directory.url,
          client_id: input.directory.clientId,
          client_secret: input.directory.clientSecret,
        },
        null,
        2,
      ),
      { mode: 0o600 },
    ),
  ]);
  return { cwd, ...dirs, workPath, directoryConfig };
}

export interface BotserverEnvInput {
  port: number;
  workdir: Workdir;
  jwtSecret: string;
  /** What the stack's services give the platform's environment (each service's `platformEnv`, stack/services/). */
  fromServices: Record<string, string>;
}

/**
 * The environment a BotServer build (and the reference platform) gets: §11.1, every path inside the temp dir; the
 * services' part (database, cache, drive, LLM, Vault) comes from their files.
 */
export function botserverEnv(i: BotserverEnvInput): Record<string, string> {
  return {
    PORT: String(i.port),
    BOTSERVER_DISABLE_TLS: '1',
    ...i.fromServices,
    JWT_SECRET: i.jwtSecret,
    HOME: i.workdir.home,
    SITE_PATH: i.workdir.site,
    DATA_DIR: i.workdir.data,
    TMPDIR: i.workdir.tmp,
    GBO_WORK_PATH: i.workdir.workPath,
    RUST_LOG: process.env.RUST_LOG ?? 'info',
  };
}

/**
 * The bot's config.csv put in the bucket (`default.gbai/default.gbot/config.csv`, §7, §11.5). With `vectordbUrl`
 * (the stack's vector store), also `vectordb-url` and `embedding-dimensions` (the LLM stand-in's default embedding
 * size; without it BotServer guesses 2048 from the model's name, §11.10): what knowledge-base indexing reads, and what
 * stack/bot-deploy.ts copies into every deployed bot's config.
 */
export function botConfigCsv(llmUrl: string, llmKey: string, vectordbUrl?: string): string {
  return [
    `llm-url,${llmUrl}`,
    'llm-model,stand-in-model',
    `llm-key,${llmKey}`,
    'llm-server,false',
    'llm-cache,false',
    ...(vectordbUrl ? [`vectordb-url,${vectordbUrl}`, `embedding-dimensions,${EMBEDDING_DIMENSIONS}`] : []),
    '',
  ].join('\n');
}

export const BUCKET = 'default.gbai';

/** The bucket with the bot's `default.gbot/config.csv` (§7, §11.5): what BotServer reads its LLM settings from. */
export async function seedBucket(
  s3: { url: string; accessKey: string; secretKey: string },
  llmUrl: string,
  llmKey: string,
  vectordbUrl?: string,
): Promise<void> {
  const client = s3Client(s3.url, s3.accessKey, s3.secretKey);
  try {
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'default.gbot/config.csv',
        Body: botConfigCsv(llmUrl, llmKey, vectordbUrl),
        ContentType: 'text/csv',
      }),
    );
  } finally {
    client.destroy();
  }
}

/**
 * After a real build started (§11.1, §11.4): the seeded `default` bot made public (else PRE's /ws answers 403) and
 * the Redis answer cache turned off for the nil bot. Failures are logged, not thrown: the specs then say what broke.
 */
export async function afterRealBuildStarted(databaseUrl: string, log: (line: string) => void): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db
      .query(`UPDATE bots SET is_public = true WHERE name = 'default'`)
      .catch((e) => log(`could not make the default bot public: ${(e as Error).message}`));
    await db
      .query(
        `INSERT INTO bot_configuration (id, bot_id, config_key, config_value) VALUES (gen_random_uuid(), '00000000-0000-0000-0000-000000000000', 'llm-cache', 'false')
       ON CONFLICT (bot_id, config_key) DO UPDATE SET config_value = 'false'`,
      )
      .catch((e) => log(`could not turn the LLM answer cache off: ${(e as Error).message}`));
  } finally {
    await db.end();
  }
}
