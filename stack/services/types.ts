/** The shape of a stack service: declared once in registry.ts, started, recorded and stopped by TemporaryStack. */
import type { Credentials, Provider } from '../providers/provider.ts';
import type { ServiceState } from '../state-file.ts';
import type { StackConfig } from '../config.ts';
import type { TempDirLayout } from '../temp-dir.ts';
import type { Restartable } from '../restartable.ts';
import type { LaunchInput } from '../botserver-launcher.ts';

/** What every service's start gets: the stack's folders, credentials, settings, and what started before it. */
export interface StackContext {
  layout: TempDirLayout;
  credentials: Credentials;
  config: StackConfig;
  provider: Provider;
  /** Secrets generated for this stack's services (redacted from every report). */
  secrets: { directoryClientId: string; directoryClientSecret: string; llmKey: string; jwtSecret: string; vaultToken: string };
  /** Records a process the moment it starts, so that every cleanup path (exit handler, watchdog) knows it. */
  register(service: string, pid: number): void;
  /** Records a process that is no service of its own (the pristine cluster's builder). */
  registerProcess(name: string, pid: number): void;
  /** Records a folder outside the temp dir that the stack is making, and releases it once it is done with. */
  registerDir(dir: string): void;
  releaseDir(dir: string): void;
  /** The services of earlier waves, by name. */
  started: Map<string, StartedService>;
  /** Whether the platform under test is started (the stack's own tests start the services alone). */
  withPlatform: boolean;
  /** `botserver` for a BotServer build, else `platform` (the reference platform is not BotServer). */
  platformName: 'botserver' | 'platform';
  log(line: string): void;
  /** The platform's launch input, shared by the platform and botui entries (a restart reuses their ports). */
  launch?: LaunchInput;
}

export interface StartedService {
  /** Its entry in state.json (pid, port, url, log, kind). */
  state: ServiceState;
  /** What it adds to the stack's exports (`env()`, the CLI's export lines). */
  env?: Record<string, string>;
  url?: string;
  stop(): Promise<void>;
  /** Local processes that a fault spec may stop and start again. */
  restartable?: Restartable;
}

export interface ServiceEntry {
  /** The name in state.json and of its log file (`<name>.log`). */
  name: (ctx: StackContext) => string;
  /** Entries of a wave start in parallel, once every earlier wave is ready. */
  wave: number;
  /** Whether this stack runs it (default: always). */
  when?: (ctx: StackContext) => boolean;
  start(ctx: StackContext): Promise<StartedService>;
}
