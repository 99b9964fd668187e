/**
 * The reference platform's drive monitor: what the builds do with the drive (contract §7, §11.8), on a periodic
 * scan. Every bucket `<bot>.gbai` is a bot (a row in `bots`, created when missing); every changed
 * `<bot>.gbdialog/*.bas` (by ETag) is compiled into the work dir as `<work>/<bot>.gbai/<bot>.gbdialog/<name>.ast`
 * next to a copy of the `.bas`; the bot's `config.csv` is synced into `bot_configuration` (BotConfig). Under the
 * `intended` profile a dialog with a syntax error is not compiled: the error is logged with the file and the line
 * and kept for the chat to report. Under `pre`/`head` the compile is a text transform (as measured), the error
 * shows only when the dialog runs. Under `pre` only the buckets there at start are bots (PRE has no periodic
 * bucket scan).
 */
import { mkdir, rename, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { compiledForm, parseDialog, toolSchema } from './basic.ts';
import type { BotConfig } from '../chat/bot-config.ts';
import type { Profile } from '../profile.ts';
import type { KbIndexer } from '../kb/indexer.ts';

/** How often the drive is scanned (BotServer: DRIVE_SCAN_INTERVAL; shorter here, so that specs stay fast). */
export const SCAN_INTERVAL_MS = 500;

export class DriveMonitor {
  /** Compile errors of dialogs, by `<bot>.gbai/<bot>.gbdialog/<name>.bas`. */
  readonly compileErrors = new Map<string, string>();
  private readonly etags = new Map<string, string>();
  /** `kb`: indexes each bot's knowledge-base documents on its scan (platform/kb/indexer.ts). */
  private readonly deps: {
    s3: S3Client;
    db: pg.Pool;
    workPath: string;
    profile: Profile;
    botConfig: BotConfig;
    kb?: KbIndexer;
  };
  private timer: NodeJS.Timeout | undefined;
  private scanning = false;
  /** The scans in flight, by bucket (each bot's scan runs on its own: scan()); stop() waits for them. */
  private readonly botsScanning = new Map<string, Promise<void>>();
  private stopped = false;
  /** Under `newBuckets: 'at-start'` (PRE), the buckets found by the first scan: the only bots it ever has. */
  private atStart: Set<string> | undefined;
  /** Bots already in `bots`, by name. */
  private readonly botIds = new Map<string, string>();

  constructor(deps: DriveMonitor['deps']) {
    this.deps = deps;
  }

  start(intervalMs = SCAN_INTERVAL_MS): void {
    const tick = async () => {
      if (!this.scanning) {
        this.scanning = true;
        await this.scan().catch((e) => console.error(`drive: scan failed: ${(e as Error).message}`));
        this.scanning = false;
      }
      if (this.stopped) return;
      this.timer = setTimeout(tick, intervalMs);
      this.timer.unref();
    };
    void tick();
  }

  /** Stops scanning: no scan starts after it; resolves once the bots' scans in flight have ended (the caller then
   * closes the database and the drive they use). Never rejects. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.botsScanning.values()]);
  }

  /** The compiled dialog's path in the work dir. */
  compiledPath(bot: string, dialog: string): string {
    return join(this.deps.workPath, `${bot}.gbai`, `${bot}.gbdialog`, `${dialog}.ast`);
  }

  /** A tool dialog's schema in the work dir (`<tool>.mcp.json`, as BotServer writes it: the OpenAI tool here). */
  toolSchemaPath(bot: string, tool: string): string {
    return join(this.deps.workPath, `${bot}.gbai`, `${bot}.gbdialog`, `${tool}.mcp.json`);
  }

  /** The bot's `prompt.md`, copied into the work dir from the drive (`<bot>.gbot/prompt.md`), as HEAD reads it. */
  promptPath(bot: string): string {
    return join(this.deps.workPath, `${bot}.gbai`, `${bot}.gbot`, 'prompt.md');
  }

  async scan(): Promise<void> {
    const { s3 } = this.deps;
    const buckets = (
      (await s3.send(new ListBucketsCommand({}), { abortSignal: AbortSignal.timeout(5000) })).Buckets ?? []
    )
      .map((b) => b.Name ?? '')
      .filter((n) => n.endsWith('.gbai'));
    if (this.deps.profile.dialogs.newBuckets === 'at-start') this.atStart ??= new Set(buckets);
    // Each bot on its own, as BotServer runs a DriveMonitor per bot: a bot still being scanned (a knowledge base
    // being indexed) holds back no other bot, and is not scanned again until its scan ends.
    for (const bucket of buckets.filter((b) => (!this.atStart || this.atStart.has(b)) && !this.botsScanning.has(b))) {
      if (this.stopped) return;
      this.botsScanning.set(
        bucket,
        this.scanBot(bucket.slice(0, -'.gbai'.length))
          .catch((e) => console.error(`drive: ${bucket}: ${(e as Error).message}`))
          .finally(() => this.botsScanning.delete(bucket)),
      );
    }
  }

  /** A bucket's bot in `bots` (inserted when new), its id remembered: a scan every 0.5 s asks the database once. */
  private async registerBot(bot: string, bucket: string): Promise<string> {
    const { db } = this.deps;
    const inserted = await db.query(
      `INSERT INTO bots (id, name, description, is_public) VALUES ($1, $2, 'Discovered in the drive', false) ON CONFLICT (name) DO NOTHING RETURNING id`,
      [randomUUID(), bot],
    );
    if (inserted.rowCount) console.log(`drive: new bot '${bot}' from bucket '${bucket}'`);
    const botId = (await db.query(`SELECT id FROM bots WHERE name = $1`, [bot])).rows[0]!.id as string;
    this.botIds.set(bot, botId);
    return botId;
  }

  private async scanBot(bot: string): Promise<void> {
    const { s3 } = this.deps;
    const bucket = `${bot}.gbai`;
    const botId = this.botIds.get(bot) ?? (await this.registerBot(bot, bucket));
    await this.deps.kb?.seen(botId);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }), {
      abortSignal: AbortSignal.timeout(5000),
    });
    const config = (listed.Contents ?? []).find((o) => o.Key === `${bot}.gbot/config.csv`);
    // Marked seen only once synced: a read that failed (a timeout under load) is tried again on the next scan, and
    // nothing else of the bot is taken up before it (its knowledge base needs the config's embedding-url).
    if (config && this.etags.get(`${bucket}/${config.Key}`) !== config.ETag) {
      if (!(await this.deps.botConfig.sync(botId, bot))) return;
      this.etags.set(`${bucket}/${config.Key}`, config.ETag ?? '');
    }
    // The knowledge base before the prompt and the dialogs, as HEAD indexes a bot's documents before it goes on with
    // the bucket; and not before the bot's config.csv is there (a deploy uploads it last): documents tried without
    // its embedding-url would fail and wait out their retry while the bot already answers (every deploy of the
    // suite writes a config.csv).
    if (config) await this.deps.kb?.scan(bot, botId, listed.Contents ?? []);
    const prompt = (listed.Contents ?? []).find((o) => o.Key === `${bot}.gbot/prompt.md`);
    if (prompt && this.etags.get(`${bucket}/${prompt.Key}`) !== prompt.ETag) {
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: prompt.Key! }), {
          abortSignal: AbortSignal.timeout(5000),
        })
      ).Body!.transformToString();
      await mkdir(join(this.deps.workPath, `${bot}.gbai`, `${bot}.gbot`), { recursive: true });
      // Written beside and renamed into place: a turn reading it meanwhile gets the old or the new text, never a part.
      await writeFile(`${this.promptPath(bot)}.part`, body);
      await rename(`${this.promptPath(bot)}.part`, this.promptPath(bot));
      this.etags.set(`${bucket}/${prompt.Key}`, prompt.ETag ?? '');
      console.log(`drive: ${bucket}/${prompt.Key} copied to the work dir`);
    }
    for (const obj of listed.Contents ?? []) {
      const key = obj.Key ?? '';
      if (!key.startsWith(`${bot}.gbdialog/`) || !key.endsWith('.bas') || key.slice(bot.length + 10).includes('/'))
        continue;
      const where = `${bucket}/${key}`;
      if (this.etags.get(where) === obj.ETag) continue;
      const body = await (
        await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: AbortSignal.timeout(5000) })
      ).Body!.transformToString();
      this.etags.set(where, obj.ETag ?? '');
      console.log(`drive: added/updated ${where}`);
      await this.compile(bot, key.slice(bot.length + 10, -'.bas'.length), body, where);
    }
  }

  private async compile(bot: string, name: string, source: string, where: string): Promise<void> {
    const ast = this.compiledPath(bot, name);
    await mkdir(join(this.deps.workPath, `${bot}.gbai`, `${bot}.gbdialog`), { recursive: true });
    let schema: unknown;
    if (this.deps.profile.dialogs.syntaxErrors === 'reported') {
      try {
        schema = toolSchema(name, parseDialog(source));
      } catch (e) {
        const message = `${where} ${(e as Error).message}`;
        this.compileErrors.set(where, message);
        await rm(ast, { force: true });
        console.error(`drive: error compiling ${message}`);
        return;
      }
    }
    this.compileErrors.delete(where);
    await writeFile(join(this.deps.workPath, `${bot}.gbai`, `${bot}.gbdialog`, `${name}.bas`), source);
    await writeFile(ast, compiledForm(source));
    if (schema) await writeFile(this.toolSchemaPath(bot, name), `${JSON.stringify(schema, null, 2)}\n`);
    console.log(`drive: compiled ${where} to ${name}.ast`);
  }
}
