/**
 * Adding a stack service is adding its file (CONTRIBUTING.md: Adding a stack service): a copy of the project gets
 * one new file in stack/services/ — a dummy service that needs Redis, exports a URL, gives the platform a variable,
 * and Vault nothing — and nothing else; its CLI then starts it after Redis, records it in state.json with its log,
 * exports its URL, hands its variable to the platform's process, and stops it with the stack. A file that is no
 * service is refused at once, naming the file and what it lacks, and leaves nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, alive, eventually, isolatedTmp, stackDirs, tempDir } from './helpers.ts';
import type { StackState } from '../stack/state-file.ts';
import { loadServices, platformSide, waves } from '../stack/services/registry.ts';
import type { StackContext, StackService, StartedService } from '../stack/services/types.ts';

/** A copy of the project's files (tracked, and new ones not ignored; node_modules linked), so that a new file there changes nothing here. */
function projectCopy(): string {
  const copy = join(tempDir('service-file-'), 'project');
  for (const f of execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean)) {
    if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree, not yet committed
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(ROOT, f), join(copy, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

/** The one file: a service of its own, written as CONTRIBUTING says (no other file of the copy changes). */
const DUMMY = `/**
 * A dummy service: an HTTP server that answers "dummy".
 * - needs: redis. The same on every provider. exports: DUMMY_URL. The platform's env: DUMMY_URL_FOR_PLATFORM.
 * - faults: not stopped by fault specs.
 */
import { claimPort } from '../port-claims.ts';
import { ManagedProcess } from '../managed-process.ts';
import { waitUntilReady } from '../readiness.ts';
import { httpOk } from '../checks.ts';
import type { StackService } from './types.ts';

const SERVER = "require('http').createServer((q, r) => r.end('dummy')).listen(Number(process.argv[1]), '127.0.0.1')";

const dummy: StackService = {
  key: 'dummy',
  needs: ['redis'],
  start: {
    async any(ctx) {
      const port = await claimPort(ctx.layout.id);
      const logFile = ctx.layout.log('dummy');
      const proc = ManagedProcess.start({ name: 'dummy', command: process.execPath, args: ['-e', SERVER, String(port)], logFile });
      ctx.register('dummy', proc.pid);
      const url = 'http://127.0.0.1:' + port;
      await waitUntilReady(() => httpOk(url), { service: 'dummy', what: 'GET /', deadlineMs: ctx.config.serviceReadyMs, logFile, process: proc });
      return { url, env: { DUMMY_URL: url }, state: { host: '127.0.0.1', port, url, pid: proc.pid, kind: 'dummy', log: logFile, status: 'ready' }, stop: () => proc.stop(1000) };
    },
  },
  exports: ['DUMMY_URL'],
  platformEnv: (svc) => ({ DUMMY_URL_FOR_PLATFORM: svc.url! }),
  faults: false,
};
export default dummy;
`;

function cli(copy: string, tmp: string, args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, STACK_PROVIDER: 'local', TMPDIR: tmp };
  for (const k of [
    'BOTSERVER_URL',
    'BOTSERVER_BIN',
    'BOTUI_BIN',
    'TEMP_STACK_TIMEOUT',
    'KEEP_TEMP_STACK',
    'KEEP_TEMP_STACK_ON_ERROR',
  ])
    delete env[k];
  const child = spawn(process.execPath, [join(copy, 'stack', 'cli.ts'), ...args], {
    cwd: copy,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return { child, err: () => err, exited: new Promise<number | null>((r) => child.on('exit', (c) => r(c))) };
}

test(
  'a dummy service added by one file starts after what it needs, is recorded, exported, given to the platform and stopped',
  { timeout: 90_000 },
  async () => {
    const copy = projectCopy();
    writeFileSync(join(copy, 'stack', 'services', 'dummy.ts'), DUMMY);
    const tmp = isolatedTmp();
    const exportsFile = join(tmp, 'stack.env');
    const run = cli(copy, tmp, ['--timeout', '60', '--exports-file', exportsFile]);
    try {
      assert.ok(await eventually(() => existsSync(exportsFile), 60_000), `the stack became ready: ${run.err()}`);
      const exported = readFileSync(exportsFile, 'utf8');
      const url = /^export DUMMY_URL='([^']+)'$/m.exec(exported)?.[1];
      assert.ok(url, `its export is among the stack's: ${exported}`);
      assert.equal(await (await fetch(url)).text(), 'dummy', 'the exported URL is the dummy service');
      const dir = /^export BOTSERVER_TEMP_STACK_DIR='([^']+)'$/m.exec(exported)![1]!;
      const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as StackState;
      const dummy = state.services.dummy;
      assert.ok(
        dummy && dummy.status === 'ready' && dummy.pid && alive(dummy.pid),
        `state.json records it, ready, with its pid: ${JSON.stringify(dummy)}`,
      );
      assert.ok(
        dummy.log?.startsWith(`${dir}/`) && dummy.log.endsWith('/dummy.log') && existsSync(dummy.log),
        `its log, <name>.log in the stack's dir: ${dummy.log}`,
      );
      assert.ok(
        state.timings['dummy.ready']! >= state.timings['redis.ready']!,
        `it started once Redis was ready: ${JSON.stringify(state.timings)}`,
      );
      const platformPid = state.services.platform!.pid!;
      const environ = readFileSync(`/proc/${platformPid}/environ`, 'utf8').split('\0');
      assert.ok(
        environ.includes(`DUMMY_URL_FOR_PLATFORM=${url}`),
        'the platform was started with what the dummy gives it',
      );
      assert.ok(state.timings['platform.ready']! >= state.timings['dummy.ready']!, 'the platform started after it');
      run.child.kill('SIGTERM');
      await run.exited;
      assert.ok(!alive(dummy.pid), 'the stack stopped it');
      assert.deepEqual(stackDirs(tmp), [], 'and nothing of the stack is left');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGTERM');
      await run.exited;
    }
  },
);

test(
  'a file in stack/services/ that is no service is refused at once, naming the file and what it lacks; nothing is left',
  { timeout: 60_000 },
  async () => {
    const copy = projectCopy();
    writeFileSync(
      join(copy, 'stack', 'services', 'half-done.ts'),
      "export default { key: 'half-done', needs: [], start: { local: async () => ({}) } };\n",
    );
    const tmp = isolatedTmp();
    const t0 = Date.now();
    const run = cli(copy, tmp, ['--timeout', '30']);
    const code = await run.exited;
    assert.notEqual(code, 0, 'the CLI fails');
    assert.match(
      run.err(),
      /stack\/services\/half-done\.ts is not a stack service: it lacks start \(`any`, or `local` and `containers`\), exports, faults/,
      run.err(),
    );
    assert.ok(Date.now() - t0 < 20_000, `within seconds (${Date.now() - t0} ms)`);
    assert.deepEqual(stackDirs(tmp), [], 'nothing of the stack is left');
  },
);

test('a need that names no service, and needs that go round in a circle, are refused naming the files', async () => {
  const all = await loadServices();
  const ctx = { withPlatform: true, config: { botserverBin: '', botuiBin: '' } } as unknown as StackContext;
  const plain = (key: string, needs: string[]) =>
    ({ key, needs, start: { any: async () => ({}) as StartedService }, exports: [], faults: false }) as StackService;
  assert.throws(
    () => waves([...all, plain('dummy', ['redsi'])], ctx),
    /stack\/services\/dummy\.ts needs "redsi", which no file of stack\/services\/ is/,
  );
  assert.throws(() => waves([...all, plain('a', ['b']), plain('b', ['a'])], ctx), /go round in a circle/);
  const planned = waves([...all, plain('dummy', ['redis'])], ctx);
  const wave = (k: string) => planned.find((p) => p.service.key === k)?.wave;
  assert.deepEqual(
    [wave('postgres'), wave('redis'), wave('dummy'), wave('platform')],
    [1, 1, 2, 3],
    'waves follow the needs: the platform after every service that does not need it',
  );
  assert.equal(wave('vault'), undefined, 'a service this stack does not run (no real build) has no wave');
  // With a real build and botui (whose file sorts before the platform's): the platform starts first, botui after it.
  const real = waves(all, {
    withPlatform: true,
    config: { botserverBin: '/x/botserver', botuiBin: '/x/botui' },
  } as unknown as StackContext);
  assert.deepEqual(
    platformSide(real).map((s) => s.key),
    ['platform', 'botui'],
    'a restart starts the platform, then botui (and stops them the other way round)',
  );
});

test("docs/stack.md's services table names every service file, with its exports, providers and whether fault specs may stop it", async () => {
  const services = await loadServices();
  const doc = readFileSync(join(ROOT, 'docs', 'stack.md'), 'utf8');
  const table = doc.slice(doc.indexOf("## The stack's services"), doc.indexOf('## Two ways to provide the services'));
  const rows = new Map(
    table
      .split('\n')
      .filter((l) => /^\| `[a-z0-9-]+` \|/.test(l))
      .map((l) => {
        const cells = l
          .split('|')
          .slice(1, -1)
          .map((c) => c.trim());
        return [cells[0]!.replace(/`/g, ''), cells] as const;
      }),
  );
  assert.deepEqual([...rows.keys()].sort(), services.map((s) => s.key).sort(), 'one row per file of stack/services/');
  for (const s of services) {
    const [, , starts, exports, , faults] = rows.get(s.key)!;
    const listed = exports === 'nothing' ? [] : [...exports!.matchAll(/`([A-Z0-9_]+)`/g)].map((m) => m[1]);
    assert.deepEqual(listed, [...s.exports], `${s.key}: the exports its file lists`);
    assert.equal(faults, s.faults ? 'yes' : 'no', `${s.key}: whether fault specs may stop it`);
    assert.equal(starts!.startsWith('any'), 'any' in s.start, `${s.key}: the providers it starts on`);
  }
  // Every export of the stack is in the CLI's list of exports too (env-vars.test.ts reads that list).
  const exported = doc.slice(doc.indexOf('Exported:'), doc.indexOf('## Configuration'));
  for (const name of services.flatMap((s) => s.exports))
    assert.ok(exported.includes(`\`${name}\``), `${name} is in docs/stack.md's list of exports`);
});
