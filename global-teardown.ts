/**
 * Stops the stack: graceful, then forced. With KEEP_TEMP_STACK_ON_ERROR=1 and any failed test (the diagnostics
 * fixture leaves a `failed-tests` file in the temp dir), the dir and its logs are kept and their path printed.
 * Then fails the run when the platform left files of its own in the machine's temp dir since the stack started
 * (`gb_…`: lib/temp-leftovers.ts), naming each.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runState } from './fixtures/run-state.ts';
import { FAILED_MARKER } from './fixtures/stack-info.ts';
import type { FullConfig } from '@playwright/test';
import { scrubArtifacts } from './fixtures/artifacts/scrub.ts';
import { closeRunSecrets } from './fixtures/artifacts/run-secrets.ts';
import { platformTempLeftovers } from './lib/temp-leftovers.ts';

export default async function globalTeardown(config: FullConfig): Promise<void> {
  // Traces and attachments lose every secret of the run before any reporter copies them (issue 20).
  // The secrets stay known in this process for the scrub reporter; their file goes now (also when reporters given
  // on the command line leave the scrub reporter out).
  scrubArtifacts(config.projects.map((p) => p.outputDir));
  closeRunSecrets();
  const state = runState();
  const stack = state.stack;
  if (!stack) {
    await state.display?.stop();
    return;
  }
  const failed = existsSync(join(stack.dir, FAILED_MARKER));
  await stack.shutdown({ failed });
  state.timings.teardown = stack.state.timings.teardown ?? 0;
  if (failed && existsSync(stack.dir)) {
    process.stderr.write(
      `[e2e] tests failed: the temp stack is kept in ${stack.dir} (state.json and every service's log)\n`,
    );
  }
  await state.display?.stop();
  // What the platform wrote outside the stack is no part of it: the run fails naming each (they are kept to look at).
  const left = platformTempLeftovers(Date.parse(stack.state.createdAt));
  if (left.length)
    throw new Error(
      `the platform under test left ${left.length} file(s) in the machine's temp dir, outside the stack (lib/temp-leftovers.ts): ${left.join(', ')}`,
    );
}
