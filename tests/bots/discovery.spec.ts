import { test, expect } from '../../fixtures/bot-test.ts';
import { randomBytes } from 'node:crypto';
import { knownBug } from '../../fixtures/caveats.ts';
import { deployTarget } from '../../fixtures/bot-target.ts';
import { loadBotPackage, renamePackage } from '../../stack/bot-package.ts';
import { uploadBot, waitTakenUp } from '../../stack/bot-deploy.ts';

/** A new bot is a new bucket (contract §7, §11.8): taken up while the server runs, without a restart. */
test.describe('bot packages: a new bot (contract §7, §11.8)', () => {
  test('a package put into a new bucket while the platform runs becomes a bot: its row, its config, its compiled dialog', async ({
    stack,
  }, testInfo) => {
    const target = deployTarget(stack);
    const pkg = renamePackage(await loadBotPackage('bots/greet.gbai'), `greetnew${randomBytes(3).toString('hex')}`);
    const upload = await uploadBot(target, pkg);
    // HEAD found the bucket ~4 s after the upload and compiled it ~9 s after (§11.8); the reference scans every 0.5 s.
    const deadlineMs = stack.kind === 'reference' ? 5_000 : 30_000;
    testInfo.setTimeout(testInfo.timeout + deadlineMs);
    await knownBug(stack, 'newBotNotDiscovered', {
      intended: async () => {
        const bot = await waitTakenUp(target, upload, { deadlineMs });
        expect(bot.dialogs[`${pkg.name}.gbdialog/start.bas`]?.status, 'its dialog compiled').toBe('compiled');
      },
      symptom: async () => {
        const error = await waitTakenUp(target, upload, { deadlineMs }).then(
          () => undefined,
          (e: Error) => e,
        );
        expect(error?.message, `not taken up within ${deadlineMs / 1000} s`).toMatch(
          /NO row in bots \(the platform did not discover the bucket\)/,
        );
        expect(error?.message, 'nothing compiled').toMatch(/dialogs neither compiled/);
        return `no bots row and nothing compiled ${deadlineMs / 1000} s after the upload into ${pkg.name}.gbai`;
      },
    });
  });
});
