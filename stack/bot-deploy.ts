/**
 * Deploys a bot package into a stack's drive and waits until the platform has really taken it up (contract §7,
 * §11.8): the package's files go into bucket `<bot>.gbai` (S3, path-style), then, with a deadline and never a
 * sleep, the deploy waits for what the platform shows when it took the bot up:
 * - the bot's row in `bots` (a new bucket is a new bot: BotServer's periodic scan creates it; so does the
 *   reference platform's drive monitor), then made public (PRE's `/ws` refuses a non-public bot, §11.4);
 * - every `config.csv` row in `bot_configuration` with the uploaded value;
 * - every changed dialog compiled into the work dir (`<work>/<bot>.gbai/<bot>.gbdialog/<name>.ast`, newer than
 *   before the upload), or a compile error naming it in the platform's log;
 * - a changed prompt file (`<bot>.gbot/prompt.md`) copied into the work dir, where each turn reads it (a turn taken
 *   before that gets the default prompt: seen on the reference platform under load, whose config rows showed before
 *   its prompt.md was copied).
 * The bot's LLM rows point at the stack's LLM stand-in (taken from the default bot's config.csv): a package's
 * own `llm-url`/`llm-key` are replaced, its other rows (`llm-model`, …) kept.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { s3Client } from './checks.ts';
import { configCsvRows as parseConfigRows } from './config-csv.ts';
import { dialogKeys, type BotPackage, type PackageFile } from './bot-package.ts';
import {
  compiledFrom,
  compiledPath,
  copiedToWork,
  isPromptKey,
  logSince,
  logSize,
  mtime,
  workDirState,
} from './bot-work-dir.ts';

/** Where a deploy goes: the stack's drive, database, the platform's work dir and its log. */
export interface DeployTarget {
  s3: { url: string; accessKey: string; secretKey: string };
  databaseUrl: string;
  /** The platform's work dir (GBO_WORK_PATH), where dialogs are compiled. */
  workPath: string;
  /** The platform's log, where a compile error is looked for. */
  logFile?: string;
}

export type DialogState = { status: 'compiled'; ast: string } | { status: 'error'; logLine: string };

export interface DeployedBot {
  name: string;
  /** The bot's id in `bots`. */
  botId: string;
  /** What became of each uploaded dialog, by its key (`<bot>.gbdialog/start.bas`). */
  dialogs: Record<string, DialogState>;
  /** Keys uploaded by this deploy (unchanged files are not uploaded again: the platform would see no change). */
  uploaded: string[];
  /** From the first upload to the platform showing it all, in ms. */
  readyMs: number;
}

/** The default deadline: HEAD compiled a new bot's dialog ~9 s after upload and found the bucket ~4 s in (§11.8). */
export const DEPLOY_DEADLINE_MS = 60_000;

/** Added to the deadline per knowledge-base document (`<bot>.gbkb/…`): HEAD indexes each before it goes on with
 * the bucket (its config.csv included), retrying the embeddings server every 2 s for 30 s — and its drive monitor
 * ignores the bot's `embedding-url` (docs/contract.md "Tools, context and prompt blocks"; measured 2026-12-02 on
 * the helpdesk and announcements templates). */
export const KB_DOCUMENT_MS = 35_000;

/** How often a deploy looks again: a database query and a few stats, cheap; the reference platform takes a bot up
 * within one drive scan (platform/dialogs/drive-monitor.ts), so a coarser look is most of a deploy's wait. */
const POLL_MS = 50;

/** Rows copied from the stack's default bot: the LLM's, and the knowledge bases' vector store and embedding size
 * (`vectordb-url`, `embedding-dimensions`: what indexing reads, contract §11.10; stack/botserver-wiring.ts). */
const LLM_ROWS = ['llm-url', 'llm-key', 'vectordb-url', 'embedding-dimensions'];
/** Rows the stack sets itself: the copied ones, the answer cache off, and the embeddings server (the LLM stand-in's
 * `/v1/embeddings`: HEAD indexes a bot's `.gbkb` documents with it, and retries for 30 s without one). */
const STACK_ROWS = [...LLM_ROWS, 'llm-cache', 'embedding-url'];

/** The package's config.csv with the stack's rows (LLM, vector store, `llm-cache,false`, `embedding-url`) in place
 * of its own. */
export function withStackLlm(csv: string | undefined, stackRows: Map<string, string>): string {
  const kept = (csv ?? '').split(/\r?\n/).filter((l) => l.trim() && !STACK_ROWS.includes(l.split(',')[0]!.trim()));
  const llmUrl = stackRows.get('llm-url');
  const rows = [
    ...LLM_ROWS.filter((k) => stackRows.has(k)).map((k) => `${k},${stackRows.get(k)}`),
    'llm-cache,false',
    ...(llmUrl ? [`embedding-url,${llmUrl.replace(/\/+$/, '')}/v1/embeddings`] : []),
  ];
  if (!kept.some((l) => l.split(',')[0]!.trim() === 'llm-model'))
    rows.push(`llm-model,${stackRows.get('llm-model') ?? 'stand-in-model'}`);
  return `${[...kept, ...rows].join('\n')}\n`;
}

async function text(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const r = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: AbortSignal.timeout(5000),
    });
    return await r.Body!.transformToString();
  } catch {
    return undefined;
  }
}

async function etag(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const r = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), {
      abortSignal: AbortSignal.timeout(5000),
    });
    return r.ETag?.replace(/"/g, '');
  } catch {
    return undefined;
  }
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** What an upload did, for the wait that follows (possibly later: `--bot` uploads before the platform starts). */
export interface Upload {
  pkg: BotPackage;
  /** The config.csv rows as uploaded (the stack's LLM rows in). */
  rows: Map<string, string>;
  /** The dialogs this upload changed, with their compiled form's mtime before it (0: none yet). */
  dialogs: Record<string, number>;
  uploaded: string[];
  logFrom: number;
  t0: number;
}

/** How a bot is deployed beyond its package. */
export interface UploadOptions {
  /** A path under the LLM stand-in (`/c/<id>`) that the bot's `llm-url` (and so its `embedding-url`) ends with: a
   * conversation file's own route, whose turns the stand-in scripts (standins/llm/conversations.ts). */
  llmRoute?: string;
}

/**
 * Puts `pkg` into bucket `<pkg.name>.gbai` (created when missing): only the files whose content differs from the
 * bucket's (an unchanged file would show the platform no change to take up). When the upload fails, a bucket this
 * call created is removed again, and the error names the package and the bucket.
 */
export async function uploadBot(
  target: DeployTarget,
  pkg: BotPackage,
  log?: (l: string) => void,
  opts: UploadOptions = {},
): Promise<Upload> {
  const bucket = `${pkg.name}.gbai`;
  const s3 = s3Client(target.s3.url, target.s3.accessKey, target.s3.secretKey);
  try {
    const stackRows = parseConfigRows((await text(s3, 'default.gbai', 'default.gbot/config.csv')) ?? '');
    const llmUrl = stackRows.get('llm-url');
    if (opts.llmRoute && llmUrl) stackRows.set('llm-url', `${llmUrl.replace(/\/+$/, '')}${opts.llmRoute}`);
    const configKey = `${pkg.name}.gbot/config.csv`;
    const csv = withStackLlm(pkg.files.find((f) => f.key === configKey)?.body.toString('utf8'), stackRows);
    const files: PackageFile[] = [
      ...pkg.files.filter((f) => f.key !== configKey),
      { key: configKey, body: Buffer.from(csv) },
    ];
    let created = false;
    try {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      created = true;
    } catch (e) {
      if (!/BucketAlready/.test((e as Error).name))
        throw new Error(`could not create bucket ${bucket}: ${(e as Error).message}`, { cause: e });
    }
    const changed: PackageFile[] = [];
    for (const f of files) if ((await etag(s3, bucket, f.key)) !== md5(f.body)) changed.push(f);
    const dialogs = Object.fromEntries(
      await Promise.all(
        dialogKeys(pkg)
          .filter((k) => changed.some((f) => f.key === k))
          .map(async (k) => [k, await mtime(compiledPath(target.workPath, pkg.name, k))] as const),
      ),
    );
    const logFrom = await logSize(target.logFile);
    const t0 = Date.now();
    try {
      for (const f of changed) await s3.send(new PutObjectCommand({ Bucket: bucket, Key: f.key, Body: f.body }));
    } catch (e) {
      if (created) {
        for (const f of changed)
          await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: f.key })).catch(() => undefined);
        await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
      }
      throw new Error(
        `uploading ${pkg.dir} into bucket ${bucket} failed: ${(e as Error).message}${created ? ' (the bucket was removed again)' : ''}`,
        { cause: e },
      );
    }
    log?.(`bot ${pkg.name}: uploaded ${changed.length} file(s) into ${bucket}`);
    return { pkg, rows: parseConfigRows(csv), dialogs, uploaded: changed.map((f) => f.key), logFrom, t0 };
  } finally {
    s3.destroy();
  }
}

/**
 * Waits until the platform has taken an upload up (see the file comment), within `deadlineMs` (default
 * DEPLOY_DEADLINE_MS) plus KB_DOCUMENT_MS per uploaded knowledge-base document. Throws at the deadline, saying what
 * the platform showed and what it did not.
 */
export async function waitTakenUp(
  target: DeployTarget,
  upload: Upload,
  opts: { deadlineMs?: number; log?: (l: string) => void } = {},
): Promise<DeployedBot> {
  const { pkg, rows } = upload;
  const kbDocuments = upload.uploaded.filter((k) => k.startsWith(`${pkg.name}.gbkb/`)).length;
  const deadlineMs = (opts.deadlineMs ?? DEPLOY_DEADLINE_MS) + kbDocuments * KB_DOCUMENT_MS;
  const deadline = Date.now() + deadlineMs;
  const bucket = `${pkg.name}.gbai`;
  const dialogs = Object.keys(upload.dialogs);
  const prompts = upload.uploaded.filter(isPromptKey);
  const body = (key: string) => pkg.files.find((f) => f.key === key)!.body;
  const db = new pg.Client({ connectionString: target.databaseUrl });
  try {
    await db.connect();
    const seen = { botId: '', config: new Map<string, string>(), dialogs: {} as Record<string, DialogState> };
    for (;;) {
      if (!seen.botId) {
        seen.botId = (await db.query(`SELECT id FROM bots WHERE name = $1`, [pkg.name])).rows[0]?.id ?? '';
        if (seen.botId)
          await db
            .query(`UPDATE bots SET is_public = true WHERE id = $1 AND is_public = false`, [seen.botId])
            .catch(() => undefined);
      }
      if (seen.botId) {
        const r = await db.query(`SELECT config_key, config_value FROM bot_configuration WHERE bot_id = $1`, [
          seen.botId,
        ]);
        seen.config = new Map(r.rows.map((row) => [row.config_key as string, row.config_value as string]));
      }
      const log = dialogs.some((k) => !seen.dialogs[k]) ? await logSince(target.logFile, upload.logFrom) : '';
      for (const k of dialogs) {
        if (seen.dialogs[k]) continue;
        const ast = compiledPath(target.workPath, pkg.name, k);
        if (await compiledFrom(ast, pkg.files.find((f) => f.key === k)!.body, upload.dialogs[k]!))
          seen.dialogs[k] = { status: 'compiled', ast };
        else {
          const line = log.split('\n').find((l) => l.includes(`${bucket}/${k}`) && /error|fail/i.test(l));
          if (line) seen.dialogs[k] = { status: 'error', logLine: line.trim() };
        }
      }
      const configMissing = [...rows].filter(([k, v]) => seen.config.get(k) !== v).map(([k]) => k);
      const dialogsMissing = dialogs.filter((k) => !seen.dialogs[k]);
      const promptsMissing: string[] = [];
      for (const k of prompts) if (!(await copiedToWork(target.workPath, pkg.name, k, body(k)))) promptsMissing.push(k);
      if (seen.botId && !configMissing.length && !dialogsMissing.length && !promptsMissing.length) {
        const readyMs = Date.now() - upload.t0;
        opts.log?.(`bot ${pkg.name}: taken up in ${readyMs} ms`);
        return { name: pkg.name, botId: seen.botId, dialogs: seen.dialogs, uploaded: upload.uploaded, readyMs };
      }
      if (Date.now() > deadline) {
        throw new Error(
          `bot ${pkg.name} (${pkg.dir}) was not taken up within ${Math.round(deadlineMs / 1000)} s after its upload into bucket ${bucket}: ` +
            `${seen.botId ? `bot row ${seen.botId}` : 'NO row in bots (the platform did not discover the bucket)'}; ` +
            `${configMissing.length ? `config.csv rows not in bot_configuration: ${configMissing.join(', ')}` : 'config.csv rows in bot_configuration'}; ` +
            `${dialogsMissing.length ? `dialogs neither compiled into ${target.workPath} nor reported in the log: ${(await Promise.all(dialogsMissing.map((k) => workDirState(target.workPath, pkg.name, k, body(k))))).join(', ')}` : 'dialogs compiled'}` +
            `${promptsMissing.length ? `; not copied into the work dir as uploaded: ${promptsMissing.join(', ')}` : ''}` +
            `${target.logFile ? ` (platform log: ${target.logFile})` : ''}`,
        );
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  } finally {
    await db.end().catch(() => undefined);
  }
}

/** uploadBot, then waitTakenUp: a package deployed and taken up by the running platform. */
export async function deployBot(
  target: DeployTarget,
  pkg: BotPackage,
  opts: { deadlineMs?: number; log?: (l: string) => void } & UploadOptions = {},
): Promise<DeployedBot> {
  return waitTakenUp(target, await uploadBot(target, pkg, opts.log, opts), opts);
}
