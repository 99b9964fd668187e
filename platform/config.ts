/** The reference platform's settings: the same environment and files the launcher prepares for a real build. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PlatformConfig {
  port: number;
  databaseUrl: string;
  cacheUrl: string;
  s3: { endpoint: string; accessKey: string; secretKey: string; bucket: string };
  llmUrl: string;
  /** Where dialogs are compiled (GBO_WORK_PATH, as the builds; the launcher sets it; else under the working dir). */
  workPath: string;
  directory: { baseUrl: string; clientId: string; clientSecret: string } | null;
}

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: the reference platform is started by the stack, which sets it`);
  return v;
}

/** PRE reads the directory's address only from this file (contract §11.1); so does the reference platform. */
function directoryConfig(cwd: string): PlatformConfig['directory'] {
  try {
    const raw = JSON.parse(
      readFileSync(join(cwd, 'botserver-stack', 'conf', 'system', 'directory_config.json'), 'utf8'),
    );
    return { baseUrl: String(raw.base_url), clientId: String(raw.client_id), clientSecret: String(raw.client_secret) };
  } catch {
    return null;
  }
}

export function loadPlatformConfig(): PlatformConfig {
  return {
    port: Number(need('PORT')),
    databaseUrl: need('DATABASE_URL'),
    cacheUrl: process.env.CACHE_URL || need('REDIS_URL'),
    s3: {
      endpoint: need('MINIO_ENDPOINT'),
      accessKey: need('MINIO_ACCESS_KEY'),
      secretKey: need('MINIO_SECRET_KEY'),
      bucket: process.env.MINIO_BUCKET || 'default.gbai',
    },
    llmUrl: process.env.LLM_URL ?? '',
    workPath: process.env.GBO_WORK_PATH || join(process.cwd(), 'botserver-stack', 'data', 'system', 'work'),
    directory: directoryConfig(process.cwd()),
  };
}
