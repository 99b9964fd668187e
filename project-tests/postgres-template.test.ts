/** The pristine PostgreSQL cluster the local provider copies stays pristine: a stack's run never writes to it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { postgresSelectOne } from '../stack/checks.ts';

const TEMPLATE_ROOT = loadConfig({}).pgTemplateDir;

function newest(dir: string): number {
  return readdirSync(dir, { recursive: true })
    .map((f) => statSync(join(dir, String(f))).mtimeMs)
    .reduce((a, b) => Math.max(a, b), 0);
}

test('the pristine cluster is copied, never started or written by a stack', { timeout: 60_000 }, async () => {
  // Made on first use (by this stack or an earlier one).
  const first = await TemporaryStack.start({
    config: loadConfig({ STACK_PROVIDER: 'local' }),
    platform: false,
    log: () => undefined,
  });
  await first.shutdown();
  const [template] = readdirSync(TEMPLATE_ROOT).filter((d) => d.startsWith('pg-') && !d.includes('.building-'));
  assert.ok(template, `a template in ${TEMPLATE_ROOT}`);
  const dir = join(TEMPLATE_ROOT, template!);
  const before = newest(dir);
  const stack = await TemporaryStack.start({
    config: loadConfig({ STACK_PROVIDER: 'local' }),
    platform: false,
    log: () => undefined,
  });
  try {
    await postgresSelectOne(stack.env().DATABASE_URL!);
    assert.equal(existsSync(join(dir, 'postmaster.pid')), false, 'the template is not running');
  } finally {
    await stack.shutdown();
  }
  assert.equal(newest(dir), before, 'nothing in the template was written during the run');
});
