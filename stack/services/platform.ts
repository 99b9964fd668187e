/**
 * The platform under test: a BotServer build (BOTSERVER_BIN) or the reference platform (platform/; not BotServer),
 * wired to the stack as §11.1 measured (stack/botserver-wiring.ts: its work dir, its environment).
 * - runs: unless the stack was asked for no platform (`--no-platform`, the stack's own tests).
 * - needs: every service that does not need it; its environment is what each of them gives (`platformEnv`), and
 *   its work dir's directory_config.json names the directory stand-in.
 * - its name in state.json and of its log: `botserver` for a real build, `platform` for the reference platform.
 * - the same on every provider: a process on this machine.
 * - exports: BOTSERVER_URL.
 * - faults: not stopped by fault specs (a fault spec restarts it: `stack.restartPlatform()`).
 */
import { claimPort } from '../port-claims.ts';
import { afterRealBuildStarted, botserverEnv, prepareWorkdir } from '../botserver-wiring.ts';
import { launchServer, type LaunchInput } from '../botserver-launcher.ts';
import type { StackContext, StackService, StartedService } from './types.ts';

/** What the stack's services give the platform's environment (each running service's `platformEnv`). */
export function servicesPlatformEnv(ctx: StackContext): Record<string, string> {
  return Object.assign(
    {},
    ...ctx.running
      .filter((o) => o.platformEnv && o.key !== 'platform')
      .map((o) => o.platformEnv!(ctx.service(o.key), ctx)),
  );
}

/** The platform's launch: the working dir prepared, its environment, a port claimed. */
async function launchInput(ctx: StackContext): Promise<LaunchInput> {
  const directory = ctx.service('directory');
  const workdir = await prepareWorkdir({
    root: ctx.layout.botserver.root,
    directory: {
      url: directory.url!,
      clientId: ctx.secrets.directoryClientId,
      clientSecret: ctx.secrets.directoryClientSecret,
    },
  });
  const port = await claimPort(ctx.layout.id);
  return {
    bin: ctx.config.botserverBin,
    args: ctx.config.botserverArgs,
    botuiBin: ctx.config.botuiBin,
    botuiUiDir: ctx.config.botuiUiDir,
    cwd: workdir.cwd,
    env: botserverEnv({ port, workdir, jwtSecret: ctx.secrets.jwtSecret, fromServices: servicesPlatformEnv(ctx) }),
    port,
    logFile: ctx.layout.log(ctx.platformName),
    botuiLogFile: ctx.layout.log('botui'),
    readyMs: ctx.config.botserverReadyMs,
    referenceProfile: ctx.config.referenceProfile,
    referenceMutations: ctx.config.referenceMutations,
    stackId: ctx.layout.id,
    onStart: (started, proc) => ctx.register(started === 'botui' ? 'botui' : ctx.platformName, proc.pid),
  };
}

async function start(ctx: StackContext): Promise<StartedService> {
  ctx.launch ??= await launchInput(ctx);
  const server = await launchServer(ctx.launch);
  const real = server.kind === 'botserver';
  if (real) await afterRealBuildStarted(ctx.service('postgres').url!, ctx.log);
  return {
    state: {
      host: '127.0.0.1',
      port: ctx.launch.port,
      url: server.apiUrl,
      pid: server.process.pid,
      log: ctx.launch.logFile,
      status: 'ready',
      kind: real
        ? `BotServer build ${ctx.config.botserverBin}`
        : `reference platform (not BotServer), profile ${ctx.config.referenceProfile}`,
    },
    env: { BOTSERVER_URL: server.apiUrl },
    url: server.apiUrl,
    stop: () => server.process.stop(5000),
  };
}

const platform: StackService = {
  key: 'platform',
  stateName: (ctx) => ctx.platformName,
  needs: (others, needsThis) => others.filter((o) => !needsThis(o)).map((o) => o.key),
  when: (ctx) => ctx.withPlatform,
  start: { any: start },
  about: {
    needs: 'every service that does not need it',
    startsOn: 'BotServer or the reference platform',
    platform: '(it is the platform)',
  },
  exports: ['BOTSERVER_URL'],
  faults: false,
};
export default platform;
