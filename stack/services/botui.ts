/**
 * botui (BOTUI_BIN) in front of BotServer: BotServer serves no pages to a browser (§11.3).
 * - runs: for a real build with BOTUI_BIN set.
 * - needs: the platform (and reuses its launch input: a restart keeps botui's port).
 * - the same on every provider: a process on this machine.
 * - exports: BOTUI_URL.
 * - faults: not stopped by fault specs (restarted with the platform).
 */
import { launchBotui } from '../botserver-launcher.ts';
import type { StackService } from './types.ts';

const botui: StackService = {
  key: 'botui',
  needs: ['platform'],
  when: (ctx) => ctx.withPlatform && !!ctx.config.botuiBin,
  start: {
    async any(ctx) {
      const ui = await launchBotui(ctx.launch!, ctx.service('platform').url!);
      ctx.launch!.botuiPort = Number(new URL(ui.uiUrl).port); // a restart keeps the port
      return {
        state: {
          url: ui.uiUrl,
          pid: ui.process.pid,
          kind: `botui build ${ctx.config.botuiBin}`,
          log: ctx.layout.log('botui'),
          status: 'ready',
        },
        env: { BOTUI_URL: ui.uiUrl },
        url: ui.uiUrl,
        stop: () => ui.process.stop(3000),
      };
    },
  },
  about: { startsOn: 'real builds with `BOTUI_BIN`' },
  exports: ['BOTUI_URL'],
  faults: false,
};
export default botui;
