/**
 * A bot's configuration, as BotServer gets it (contract §7, §11.5): `<bot>.gbai/<bot>.gbot/config.csv` in the S3
 * bucket, one `key,value` per line, upserted into `bot_configuration`. Read again when its ETag changes.
 */
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type pg from 'pg';

export function parseConfigCsv(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (!t || t.startsWith('#') || /^key,/i.test(t) || /^name,value$/i.test(t)) continue;
    const comma = t.indexOf(',');
    if (comma <= 0) continue;
    out.set(t.slice(0, comma).trim(), t.slice(comma + 1).trim());
  }
  return out;
}

export class BotConfig {
  private readonly etags = new Map<string, string>();
  private readonly s3: S3Client;
  private readonly db: pg.Pool;
  constructor(s3: S3Client, db: pg.Pool) {
    this.s3 = s3;
    this.db = db;
  }

  /** Syncs the bot's config.csv into the database when it changed; true when the file was read (and saved, if it had
   * changed), false when it could not be (logged; the saved rows stay, and the next sync tries again). */
  async sync(botId: string, botName: string): Promise<boolean> {
    try {
      const obj = await this.s3.send(
        new GetObjectCommand({ Bucket: `${botName}.gbai`, Key: `${botName}.gbot/config.csv` }),
        { abortSignal: AbortSignal.timeout(2000) },
      );
      const etag = obj.ETag ?? '';
      if (this.etags.get(botId) !== etag) {
        const rows = parseConfigCsv(await obj.Body!.transformToString());
        for (const [k, v] of rows) {
          await this.db.query(
            `INSERT INTO bot_configuration (id, bot_id, config_key, config_value) VALUES ($1, $2, $3, $4)
             ON CONFLICT (bot_id, config_key) DO UPDATE SET config_value = EXCLUDED.config_value, updated_at = now()`,
            [randomUUID(), botId, k, v],
          );
        }
        this.etags.set(botId, etag);
      } else {
        obj.Body?.transformToString().catch(() => undefined);
      }
      return true;
    } catch (e) {
      console.error(
        `bot config: could not read ${botName}.gbai/${botName}.gbot/config.csv: ${(e as Error).message}; using the saved rows`,
      );
      return false;
    }
  }

  /** Syncs the bot's config.csv into the database (when it changed: sync) and returns the bot's rows. */
  async get(botId: string, botName: string): Promise<Map<string, string>> {
    await this.sync(botId, botName);
    const r = await this.db.query(`SELECT config_key, config_value FROM bot_configuration WHERE bot_id = $1`, [botId]);
    return new Map(r.rows.map((row) => [row.config_key as string, row.config_value as string]));
  }
}
