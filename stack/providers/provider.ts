import type { TempDirLayout } from '../temp-dir.ts';
import type { ServiceState } from '../state-file.ts';
import type { Restartable } from '../restartable.ts';

/** Per-stack random credentials. */
export interface Credentials {
  dbUser: string;
  dbPassword: string;
  dbName: string;
  redisPassword: string;
  s3AccessKey: string;
  s3SecretKey: string;
}

export interface ProviderContext {
  layout: TempDirLayout;
  credentials: Credentials;
  /** Per-service readiness deadline. */
  deadlineMs: number;
  images: { postgres: string; redis: string; minio: string };
  pgBinDir?: string;
  /** Where the pristine PostgreSQL clusters are made and kept (PG_TEMPLATE_DIR; local provider). */
  pgTemplateDir: string;
  /** Called as soon as a process of the stack starts (before it is ready), so that every cleanup path knows it. */
  register(service: string, pid: number): void;
  /** The same for a process that is no service of its own (the pristine cluster's builder): recorded, never listed. */
  registerProcess(name: string, pid: number): void;
  /** A folder outside the temp dir that the stack is making (removed on every way the run ends), and its release. */
  registerDir(dir: string): void;
  releaseDir(dir: string): void;
}

/** A started service: where it listens and how to stop it. */
export interface RunningService {
  name: 'postgres' | 'redis' | 's3';
  host: string;
  port: number;
  /** Connection URL (credentials included). */
  url: string;
  state: ServiceState;
  stop(): Promise<void>;
  /** Local processes only: stop and start again on the same port with the same data (fault specs). */
  restartable?: Restartable;
}

export interface Provider {
  readonly name: 'local' | 'containers';
  startPostgres(ctx: ProviderContext): Promise<RunningService>;
  startRedis(ctx: ProviderContext): Promise<RunningService>;
  startS3(ctx: ProviderContext): Promise<RunningService>;
}

export function postgresUrl(host: string, port: number, c: Credentials, db = c.dbName): string {
  return `postgres://${encodeURIComponent(c.dbUser)}:${encodeURIComponent(c.dbPassword)}@${host}:${port}/${db}`;
}

export function redisUrl(host: string, port: number, password: string): string {
  return `redis://default:${encodeURIComponent(password)}@${host}:${port}`;
}
