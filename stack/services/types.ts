/**
 * The shape of a stack service: one file each in stack/services/ (its default export), found and ordered by
 * registry.ts, started, recorded and stopped by TemporaryStack. Adding a service is adding its file.
 */
import type { Credentials, ProviderName } from '../providers/provider.ts';
import type { ServiceState } from '../state-file.ts';
import type { Setting, StackConfig } from '../config.ts';
import type { TempDirLayout } from '../temp-dir.ts';
import type { Restartable } from '../restartable.ts';
import type { LaunchInput } from '../botserver-launcher.ts';

/** A service's container image: a setting of its own whose default is the tag the containers provider pulls. */
export interface ImageSetting extends Setting {
  /**
   * The tag scripts/container-engine.sh builds (and exports as this setting) on a machine without a registry, where
   * it has a recipe for this service; without one, the image must be on the machine or pullable.
   */
  local?: string;
}

/** What every service's start gets: the stack's folders, credentials, settings, and what started before it. */
export interface StackContext {
  layout: TempDirLayout;
  credentials: Credentials;
  config: StackConfig;
  /** The provider this stack runs on (stack/providers/select-provider.ts). */
  provider: ProviderName;
  /** Secrets generated for this stack's stand-ins and platform (redacted from every report). */
  secrets: {
    directoryClientId: string;
    directoryClientSecret: string;
    llmKey: string;
    jwtSecret: string;
    vaultToken: string;
  };
  /** Records a process the moment it starts, so that every cleanup path (exit handler, watchdog) knows it. */
  register(service: string, pid: number): void;
  /** Records a process that is no service of its own (the pristine cluster's builder). */
  registerProcess(name: string, pid: number): void;
  /** Records a folder outside the temp dir that the stack is making, and releases it once it is done with. */
  registerDir(dir: string): void;
  releaseDir(dir: string): void;
  /** The services started so far, by their name in state.json. */
  started: Map<string, StartedService>;
  /** A started service by its key (a file's `key`); throws naming it when it has not started (not among the needs). */
  service(key: string): StartedService;
  /** The services this stack runs (registry.ts), for a service that takes something from each (the platform, Vault). */
  running: readonly StackService[];
  /** Whether the platform under test is started (the stack's own tests start the services alone). */
  withPlatform: boolean;
  /** `botserver` for a BotServer build, else `platform` (the reference platform is not BotServer). */
  platformName: 'botserver' | 'platform';
  log(line: string): void;
  /** The platform's launch input, shared by the platform and botui (a restart reuses their ports). */
  launch?: LaunchInput;
}

export interface StartedService {
  /** Its entry in state.json (pid, port, url, log, kind). */
  state: ServiceState;
  /** What it adds to the stack's exports (`env()`, the CLI's export lines): the names its file's `exports` lists. */
  env?: Record<string, string>;
  url?: string;
  stop(): Promise<void>;
  /** Local processes that a fault spec may stop and start again. */
  restartable?: Restartable;
  /** Secrets it made for itself (redacted from every report, as the stack's own are). */
  secrets?: string[];
}

/** A service's start on one provider: ready by a real check with a deadline when it resolves; throws a ServiceStartError. */
export type Start = (ctx: StackContext) => Promise<StartedService>;

export interface StackService {
  /** What other services name in `needs`, and its name in state.json and of its log (`<key>.log`) unless `stateName` says. */
  key: string;
  /** Its name in state.json and of its log when that depends on the stack (the platform: `botserver` or `platform`). */
  stateName?(ctx: StackContext): string;
  /**
   * What must be ready before it starts, by key; a need this stack does not run is left out. A function gets the
   * other services this stack runs and whether one of them needs this one (the platform needs every service that
   * does not need it). Services whose needs are ready start together. A service that needs the platform names it
   * in a list (`['platform']`): that is how the platform's needs leave it out, and how a platform restart knows to
   * stop and start it too.
   */
  needs:
    readonly string[] | ((others: readonly StackService[], needsThis: (other: StackService) => boolean) => string[]);
  /** Whether this stack runs it (default: always). */
  when?(ctx: StackContext): boolean;
  /** How it starts on each provider (`local`, `containers`), or `any` for a process of the suite's own. */
  start: { any: Start } | Record<ProviderName, Start>;
  /**
   * The names of the exports it adds (the stack checks a started service gives exactly these). They reach the specs
   * as `stack.exports.NAME` (fixtures/stack-info.ts), and docs/stack.md's lists are generated from them.
   */
  exports: readonly string[];
  /**
   * Its container image (the containers provider's; `ctx.config.setting(image)` is the tag to run): docs/stack.md,
   * `.env.example`, the workflow's pre-pull and scripts/container-engine.sh read it from here (scripts/stack-docs.ts).
   */
  image?: ImageSetting;
  /** The other settings it reads (`ctx.config.setting(s)`): docs/stack.md and `.env.example` are generated from them. */
  settings?: readonly Setting[];
  /**
   * What docs/stack.md's services table says beyond what the fields above show: its needs when they are a function
   * or more than keys, where it starts (after `any` or `local, containers`), and what it gives the platform.
   */
  about?: { needs?: string; startsOn?: string; platform?: string };
  /** What it gives the platform's environment (the platform starts after every service giving it something). */
  platformEnv?(svc: StartedService, ctx: StackContext): Record<string, string>;
  /** What it gives Vault's secrets, by path (real builds read their database from Vault only, §11.1). */
  vaultSecrets?(svc: StartedService, ctx: StackContext): Record<string, Record<string, string>>;
  /** Whether a fault spec may stop it and start it again (`stack.interrupt(key)`; needs a Restartable: local provider). */
  faults: boolean;
  /**
   * Something it does once it and `needs` are ready, before anything that needs it starts (the drive's default bot
   * package names the LLM's URL).
   */
  then?: { needs: readonly string[]; run(svc: StartedService, ctx: StackContext): Promise<void> };
}
