/**
 * Every setting the stack and the suite read, in one table, beside those a service reads (its file's `image` and
 * `settings`, stack/services/*.ts). docs/stack.md's configuration table and `.env.example` are generated from both
 * (`npm run docs:stack`, scripts/stack-docs.ts; a project test fails when they are stale). All are optional.
 */
import { existsSync, accessSync, constants, statSync } from 'node:fs';
import { ConfigError } from './errors.ts';
import { buildRecords, RECORDS_ENV } from '../builds/records.ts';

/** A setting: its environment variable, its default ('' for none) and what it means (one line of the docs' table). */
export interface Setting {
  readonly name: string;
  readonly default: string;
  readonly meaning: string;
}

export const SETTINGS = [
  {
    name: 'BOTSERVER_URL',
    default: '',
    meaning:
      "attach to an already running platform and start no stack (set by the stack otherwise); the stack's other exports (docs/stack.md, the stack by hand) are then read when set",
  },
  { name: 'BOTUI_URL', default: '', meaning: 'the UI origin when it differs from BOTSERVER_URL' },
  { name: 'BOTSERVER_BIN', default: '', meaning: 'a BotServer build to launch (default: the reference platform)' },
  { name: 'BOTSERVER_ARGS', default: '', meaning: 'extra arguments for BOTSERVER_BIN, split on spaces' },
  { name: 'BOTUI_BIN', default: '', meaning: 'a botui build to launch in front of BotServer' },
  {
    name: 'BOTUI_UI_DIR',
    default: '',
    meaning: 'a botui `ui/` folder for BOTUI_BIN (botui looks for `ui/` beside its working dir)',
  },
  {
    name: 'REFERENCE_PROFILE',
    default: 'intended',
    meaning:
      "the reference platform's build profile: a build record's name (builds/*.json): `intended` (the contract as intended), or a recorded build (`pre`, `head`, …: its measured behaviour and known bugs)",
  },
  {
    name: 'BUILD_RECORDS_DIR',
    default: '',
    meaning:
      'a folder of more build records (`<name>.json`, builds/records.ts) beside the shipped ones in builds/; one of the same name replaces the shipped one',
  },
  {
    name: 'REFERENCE_MUTATIONS',
    default: '',
    meaning:
      "for the project's own tests: comma-separated mutations of the reference platform that a check must catch (the names and what each breaks: `MUTATIONS` in platform/mutations/apply.ts, one file per area of the platform they break)",
  },
  {
    name: 'STACK_PROVIDER',
    default: 'auto',
    meaning: '`auto` (containers when a runtime answers, else local), `containers` or `local`',
  },
  {
    name: 'PG_BIN_DIR',
    default: '',
    meaning: 'folder with initdb/postgres (local provider; default: PATH, then /usr/lib/postgresql/*/bin)',
  },
  {
    name: 'PG_TEMPLATE_DIR',
    default: '/var/tmp/botserver-e2e-pg-template',
    meaning:
      'folder of the pristine PostgreSQL clusters the local provider copies (made on the first start, one per PostgreSQL build)',
  },
  {
    name: 'STACK_RECORDS_DIR',
    default: '/tmp/botserver-e2e-stacks',
    meaning:
      'folder where every running stack of this machine is recorded, so that the next start reaps one whose owner and watchdog are gone (change it only to isolate a test)',
  },
  {
    name: 'RUST_LOG',
    default: 'info',
    meaning: 'log filter handed to a BotServer build (its log is `botserver.log` in the temp dir)',
  },
  {
    name: 'E2E_VERDICT_DIR',
    default: '',
    meaning:
      'where a run writes its verdict file `verdict.json` (default: `test-results/`; `npm run verdict -- diff` compares two)',
  },
  { name: 'E2E_WORKERS', default: '2', meaning: 'Playwright workers for the suite' },
  {
    name: 'E2E_TIME_FACTOR',
    default: '1',
    meaning:
      "how many times as long the platform's own deadlines are (a turn's, a deploy's, the chat checks' waits for a reply, and each test's time): CI sets it on a slow runner (e.g. `2`); the run's header says it; never a retry (fixtures/time-factor.ts)",
  },
  { name: 'HEADED', default: '', meaning: '`1`: run the browser headed (same as `--headed`)' },
  { name: 'KEEP_TEMP_STACK_ON_ERROR', default: '', meaning: '`1`: keep the temp dir when anything failed' },
  { name: 'KEEP_TEMP_STACK', default: '', meaning: '`1`: always keep the temp dir (CLI: `--keep`)' },
  {
    name: 'TEMP_STACK_TIMEOUT',
    default: '',
    meaning: 'seconds after which the stack shuts itself down (CLI: `--timeout`)',
  },
  {
    name: 'SERVICE_READY_TIMEOUT',
    default: '30',
    meaning: 'seconds to wait for each service (PostgreSQL, Redis, S3, the vector store, stand-ins)',
  },
  { name: 'BOTSERVER_READY_TIMEOUT', default: '60', meaning: 'seconds to wait for BotServer readiness' },
  {
    name: 'E2E_BOT_PACKAGES',
    default: '',
    meaning:
      "comma-separated bot package folders (`path/to/<name>.gbai`) deployed into the stack's drive under their own names before any test runs, each waited for until the platform took it up (CLI: `--bot`; docs/your-bot.md)",
  },
  {
    name: 'E2E_CONVERSATIONS',
    default: '',
    meaning:
      "comma-separated conversation files (`*.yml`) or folders of them that the `conversations` project runs instead of the bot packages' own `<name>.gbtest/` (docs/conversations.md)",
  },
  {
    name: 'RECORD_LLM_KEY',
    default: '',
    meaning:
      "the bearer key of the OpenAI-compatible endpoint that `npm run conversations:record -- … --forward URL` sends the bot's LLM calls to (read by the recorder only, never written anywhere; docs/conversations.md)",
  },
] as const satisfies readonly Setting[];

export type SettingName = (typeof SETTINGS)[number]['name'];
export type ProviderChoice = 'auto' | 'containers' | 'local';

export interface StackConfig {
  provider: ProviderChoice;
  keepOnError: boolean;
  keepAlways: boolean;
  timeoutSeconds?: number;
  serviceReadyMs: number;
  botserverReadyMs: number;
  /** A service's setting (its file's `image` or `settings`): the environment's value, else its default. */
  setting(s: Setting): string;
  pgBinDir?: string;
  /** PG_TEMPLATE_DIR: where the pristine PostgreSQL clusters are made and kept. */
  pgTemplateDir: string;
  /** STACK_RECORDS_DIR: where the machine's running stacks are recorded (stack/stack-records.ts). */
  recordsDir: string;
  botserverBin?: string;
  botserverArgs: string[];
  botuiBin?: string;
  botuiUiDir?: string;
  /** A build record's name (builds/*.json): the reference platform's profile. */
  referenceProfile: string;
  referenceMutations: string;
  /** Bot package folders to deploy once the platform is ready (E2E_BOT_PACKAGES, CLI `--bot`). */
  botPackages: string[];
  /** Where botPackages came from, for error messages (`E2E_BOT_PACKAGES` or `--bot`). */
  botPackagesFrom: string;
}

type Env = Record<string, string | undefined>;

/** The value of one of SETTINGS: the environment's (trimmed), else its default. */
function get(env: Env, name: SettingName): string {
  const v = env[name];
  if (v !== undefined && v.trim() !== '') return v.trim();
  return SETTINGS.find((s) => s.name === name)!.default;
}

/** Whether a setting is on (`1`, `true` or `yes`). */
function flag(env: Env, name: SettingName): boolean {
  const v = get(env, name).toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

/** A setting in seconds, undefined when unset; throws a ConfigError naming it when it is no positive number. */
function seconds(env: Env, name: SettingName): number | undefined {
  const v = get(env, name);
  if (v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    throw new ConfigError(name, `"${v}" is not a positive number of seconds; set it to e.g. 60 or unset it`);
  }
  return n;
}

/** The provider named by `value` (from `source`: the variable or the CLI flag); throws a ConfigError otherwise. */
export function parseProvider(value: string, source: string): ProviderChoice {
  if (value === 'auto' || value === 'containers' || value === 'local') return value;
  throw new ConfigError(
    source,
    `unknown provider "${value}"; use one of auto, containers, local${source.startsWith('--') ? '' : ' (or unset it)'}`,
  );
}

/** `path` when it is an executable file; throws a ConfigError naming the setting and the fix otherwise. */
function executable(path: string, name: SettingName): string {
  if (!existsSync(path)) throw new ConfigError(name, `${path} does not exist; point it at a built binary or unset it`);
  if (!statSync(path).isFile()) throw new ConfigError(name, `${path} is not a file; point it at the binary itself`);
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new ConfigError(name, `${path} is not executable; run chmod +x ${path}`);
  }
  return path;
}

/** Reads and checks the configuration; throws a ConfigError naming the variable at the first bad value. */
export function loadConfig(env: Env = process.env, overrides: Partial<StackConfig> = {}): StackConfig {
  const bin = get(env, 'BOTSERVER_BIN');
  const ui = get(env, 'BOTUI_BIN');
  const uiDir = get(env, 'BOTUI_UI_DIR');
  if (uiDir && !existsSync(uiDir))
    throw new ConfigError('BOTUI_UI_DIR', `${uiDir} does not exist; point it at botui's ui/ folder`);
  const pgBin = get(env, 'PG_BIN_DIR');
  if (pgBin && !existsSync(`${pgBin}/initdb`))
    throw new ConfigError('PG_BIN_DIR', `${pgBin}/initdb does not exist; point it at PostgreSQL's bin folder`);
  try {
    buildRecords(env);
  } catch (e) {
    throw new ConfigError(RECORDS_ENV, (e as Error).message);
  }
  const profile = get(env, 'REFERENCE_PROFILE');
  const profileNames = buildRecords(env).map((r) => r.name);
  if (!profileNames.includes(profile))
    throw new ConfigError(
      'REFERENCE_PROFILE',
      `unknown profile "${profile}"; use one of ${profileNames.join(', ')} (a build record each, builds/*.json), or unset it`,
    );
  if (bin && profile !== 'intended')
    throw new ConfigError(
      'REFERENCE_PROFILE',
      `"${profile}" is a profile of the reference platform, but BOTSERVER_BIN is set (a real build has no profile); unset one of them`,
    );
  // Mutation names are the reference platform's own: it refuses an unknown one when it starts, naming the variable.
  const mutations = get(env, 'REFERENCE_MUTATIONS');
  return {
    referenceProfile: profile,
    referenceMutations: mutations,
    provider: parseProvider(get(env, 'STACK_PROVIDER'), 'STACK_PROVIDER'),
    keepOnError: flag(env, 'KEEP_TEMP_STACK_ON_ERROR'),
    keepAlways: flag(env, 'KEEP_TEMP_STACK'),
    timeoutSeconds: seconds(env, 'TEMP_STACK_TIMEOUT'),
    serviceReadyMs: (seconds(env, 'SERVICE_READY_TIMEOUT') ?? 30) * 1000,
    botserverReadyMs: (seconds(env, 'BOTSERVER_READY_TIMEOUT') ?? 60) * 1000,
    setting: (s) => env[s.name]?.trim() || s.default,
    pgBinDir: pgBin || undefined,
    pgTemplateDir: get(env, 'PG_TEMPLATE_DIR'),
    recordsDir: get(env, 'STACK_RECORDS_DIR'),
    botserverBin: bin ? executable(bin, 'BOTSERVER_BIN') : undefined,
    botserverArgs: get(env, 'BOTSERVER_ARGS').split(/\s+/).filter(Boolean),
    botuiBin: ui ? executable(ui, 'BOTUI_BIN') : undefined,
    botuiUiDir: uiDir || undefined,
    botPackages: get(env, 'E2E_BOT_PACKAGES')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
    botPackagesFrom: 'E2E_BOT_PACKAGES',
    ...overrides,
  };
}
