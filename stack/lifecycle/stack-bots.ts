/**
 * The stack's bots: where bot packages go (its drive, database, the platform's work dir and log), the packages
 * uploaded before the platform started waited for until taken up, and the slot bots of a build that finds bots at
 * start only (stack/bot-slots.ts). Whether a build needs slots is known only once it runs: the caller's hook says
 * (the suite's global setup fills it with the build probe, fixtures/build-probe.ts); the stack does not probe.
 */
import { waitTakenUp, type DeployTarget, type Upload } from '../bot-deploy.ts';
import { BOT_SLOTS, seedBotSlots } from '../bot-slots.ts';
import { workPathOf } from '../botserver-wiring.ts';
import type { Credentials } from '../providers/provider.ts';
import type { TempDirLayout } from '../temp-dir.ts';
import type { StartedService } from '../services/types.ts';
import type { StackLedger } from './ledger.ts';
import type { StackConfig } from '../config.ts';
import { buildRecord } from '../../builds/records.ts';

/** Whether the platform at `platformUrl` takes up a bot added while it runs (resolves true or false; may throw). */
export type FindsBotsAtRuntime = (platformUrl: string) => Promise<boolean>;

/** Where bot packages go in a stack whose services (`s3`, `postgres`) have started. */
export function botTarget(
  layout: TempDirLayout,
  credentials: Credentials,
  services: Map<string, StartedService>,
  platformName: string,
): DeployTarget {
  const s3 = services.get('s3')!;
  return {
    s3: { url: s3.url!, accessKey: credentials.s3AccessKey, secretKey: credentials.s3SecretKey },
    databaseUrl: services.get('postgres')!.url!,
    workPath: workPathOf(layout.botserver.root),
    logFile: layout.log(platformName),
  };
}

/**
 * Waits for the bot packages (E2E_BOT_PACKAGES, CLI `--bot`) uploaded before the platform started, each until the
 * platform took it up (stack/bot-deploy.ts, `deadlineMs` each); logs when each is ready and where its chat is
 * (`chatBase`, e.g. the UI's URL). Throws as waitTakenUp does, or when `stopped()` says the stack is stopping.
 */
export async function waitForBots(
  target: DeployTarget,
  uploads: Upload[],
  opts: {
    deadlineMs: number;
    chatBase: string | undefined;
    stopped: () => boolean;
    log: (l: string) => void;
    ledger: StackLedger;
  },
): Promise<void> {
  if (!uploads.length) return;
  for (const upload of uploads) {
    if (opts.stopped()) throw new Error('the stack was stopped while it was waiting for its bots');
    const bot = await waitTakenUp(target, upload, { deadlineMs: opts.deadlineMs, log: opts.log });
    const errors = Object.entries(bot.dialogs).filter(([, d]) => d.status === 'error');
    opts.log(
      `bot ${bot.name} ready: bucket ${bot.name}.gbai taken up in ${bot.readyMs} ms; its chat: ${opts.chatBase}/${bot.name}/` +
        (errors.length
          ? `; COMPILE ERRORS: ${errors.map(([k, d]) => `${k}: ${d.status === 'error' ? d.logLine : ''}`).join('; ')}`
          : ''),
    );
  }
  opts.ledger.timing('bots.ready');
}

/**
 * For a build that finds bots at start only (PRE, caveat newBotNotDiscovered): creates the slot bots' buckets and
 * restarts the platform (`restart`) so that it finds them. Only such a build gets them: HEAD, with two dozen idle
 * slot bots, took up none of the buckets made after the first two (measured 2026-11-30). `findsBots` answers for
 * the running platform; without it (no hook given) no slots are made and one line says so. Resolves once the
 * restarted platform is ready; throws as a start does.
 */
export async function addBotSlotsIfNeeded(
  platformUrl: string,
  findsBots: FindsBotsAtRuntime | undefined,
  target: DeployTarget,
  restart: () => Promise<void>,
  ledger: StackLedger,
  log: (l: string) => void,
): Promise<void> {
  if (!findsBots) {
    log(
      'no build probe given (StackOptions.findsBotsAtRuntime): no slot bots; a build that finds bots at start only will not take up bots deployed later',
    );
    return;
  }
  const t0 = Date.now();
  if (await findsBots(platformUrl)) return;
  await seedBotSlots(target);
  await restart();
  ledger.timing('botSlots.ready');
  await ledger.save();
  log(
    `this build finds bots at start only: ${BOT_SLOTS.length} slot bots created, platform restarted to find them (${Date.now() - t0} ms)`,
  );
}

/** Who answers whether the platform needs slot bots: for a real build the caller's hook (undefined: none given);
 * for the reference platform its profile's build record (a profile that finds bots at start only: yes, slots). */
export function slotQuestion(
  config: StackConfig,
  hook: FindsBotsAtRuntime | undefined,
): FindsBotsAtRuntime | undefined {
  if (config.botserverBin) return hook;
  const finds = buildRecord(config.referenceProfile).traits.newBotsAtRuntime;
  return async () => finds;
}

/** The log line naming the platform (and botui) and where they listen. */
export function describePlatform(services: Map<string, StartedService>, platformName: string): string {
  const platform = services.get(platformName);
  const botui = services.get('botui');
  return platform
    ? `platform: ${platform.state.kind} at ${platform.url}${botui ? `, botui at ${botui.url}` : ''}`
    : 'no platform started';
}
