/**
 * Ports are safe across processes: a port claimed by a running stack is never handed to another, a dead owner's
 * claim is taken over, a stack releases its claims; and two rounds of four stacks starting at once (two started
 * as the suite starts them, two through the CLI) get distinct ports and all become ready.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLAIMS_DIR, claimPort, releasePorts, tryClaim } from '../stack/port-claims.ts';
import { CLI, ROOT } from './helpers.ts';

test('a claimed port is refused to others while its owner runs, taken over once it is gone, released by its stack', async () => {
  mkdirSync(CLAIMS_DIR, { recursive: true });
  const port = await claimPort('stack-a');
  assert.equal(tryClaim(port, 'stack-b'), false, 'another stack cannot claim it');
  const sleeper = spawn('sleep', ['30']);
  const live = 65000 + (process.pid % 500);
  writeFileSync(join(CLAIMS_DIR, String(live)), `${sleeper.pid} other-process\n`);
  assert.equal(tryClaim(live, 'stack-b'), false, 'a claim of another live process is honoured');
  sleeper.kill('SIGKILL');
  await new Promise((r) => sleeper.on('exit', r));
  assert.equal(tryClaim(live, 'stack-b'), true, 'the claim of a dead owner is taken over');
  releasePorts('stack-a');
  releasePorts('stack-b');
  assert.equal(existsSync(join(CLAIMS_DIR, String(port))), false, 'released');
  assert.equal(existsSync(join(CLAIMS_DIR, String(live))), false, 'released');
});

const SUITE_LIKE = `
import { TemporaryStack } from '${join(ROOT, 'stack/temporary-stack.ts')}';
import { loadConfig } from '${join(ROOT, 'stack/config.ts')}';
const stack = await TemporaryStack.start({ config: loadConfig({ STACK_PROVIDER: 'local' }), log: () => undefined });
process.stdout.write(JSON.stringify(Object.values(stack.state.services).map((s) => s.port).filter(Boolean)) + '\\n');
await stack.shutdown();`;

// Two rounds (each 4 stacks claiming some 24 ports at once): ten took 2.5 minutes on a busy 2-core machine and
// found nothing the first rounds do not; npm test has three minutes.
test(
  'two rounds of two suite stacks and two CLI stacks starting at once: distinct ports, all ready',
  { timeout: 300_000 },
  async () => {
    for (let round = 1; round <= 2; round++) {
      const runs = [
        ...[0, 1].map(() =>
          spawn(process.execPath, ['--input-type=module', '-e', SUITE_LIKE], {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        ),
        ...[0, 1].map(() =>
          spawn(process.execPath, [CLI, '--provider', 'local', '--timeout', '60'], {
            cwd: ROOT,
            stdio: ['ignore', 'pipe', 'pipe'],
          }),
        ),
      ];
      const outputs = await Promise.all(
        runs.map(
          (child, i) =>
            new Promise<string>((resolve, reject) => {
              let out = '';
              let err = '';
              child.stdout!.on('data', (d) => {
                out += d;
                if (i >= 2 && out.includes('BOTSERVER_URL')) child.kill('SIGTERM'); // a CLI: ready, then stopped
              });
              child.stderr!.on('data', (d) => (err += d));
              child.on('exit', (code) =>
                code === 0 || (i >= 2 && out.includes('BOTSERVER_URL'))
                  ? resolve(out)
                  : reject(new Error(`round ${round}, process ${i} exited ${code}:\n${err}`)),
              );
            }),
        ),
      );
      // The suite-like stacks print their services' ports; the CLIs' export lines name theirs in URLs.
      const perStack = outputs.map(
        (out, i) =>
          new Set(
            i < 2 ? (JSON.parse(out) as number[]) : [...out.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1])),
          ),
      );
      for (const ports of perStack)
        assert.ok(ports.size >= 5, `round ${round}: every stack reports its ports (${[...ports]})`);
      for (let a = 0; a < perStack.length; a++)
        for (let b = a + 1; b < perStack.length; b++) {
          const shared = [...perStack[a]!].filter((p) => perStack[b]!.has(p));
          assert.deepEqual(shared, [], `round ${round}: stacks ${a} and ${b} got the same port`);
        }
    }
  },
);
