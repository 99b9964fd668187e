/**
 * Adding a stack service is adding its file (CONTRIBUTING.md: Adding a stack service): a copy of the project gets
 * one new file in stack/services/ — an echo service with an image (ECHO_IMAGE), a setting (ECHO_GREETING) and an
 * export (ECHO_URL), that needs Redis and gives the platform a variable — and nothing else by hand. The docs are
 * then stale until `npm run docs:stack` writes them: its settings in the configuration table and `.env.example`, its
 * row in the services table, its image in the images table and the list the engine script and the workflow read.
 * Its CLI starts it after Redis with the setting's value, records it in state.json with its log, exports its URL,
 * hands its variable to the platform's process, and stops it with the stack; a spec attached to that stack reads
 * the export through the fixtures. A file that is no service is refused at once, naming the file and what it lacks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROOT, alive, eventually, isolatedTmp, stackDirs, tempDir } from './helpers.ts';
import type { StackState } from '../stack/state-file.ts';
import { containerRuntimeAnswers } from '../stack/providers/select-provider.ts';
import { loadServices, platformSide, waves } from '../stack/services/registry.ts';
import { imageLines } from '../scripts/stack-docs.ts';
import type { StackContext, StackService, StartedService } from '../stack/services/types.ts';

/** The project's files (tracked, and new ones not ignored), relative; those deleted in the working tree left out. */
function projectFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((f) => f && existsSync(join(ROOT, f)));
}

/** A copy of the project's files (node_modules linked), so that a new file there changes nothing here. */
function projectCopy(): string {
  const copy = join(tempDir('service-file-'), 'project');
  for (const f of projectFiles()) {
    mkdirSync(dirname(join(copy, f)), { recursive: true });
    cpSync(join(ROOT, f), join(copy, f));
  }
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  return copy;
}

/**
 * The one file: a service of its own with an image, a setting and an export, written as CONTRIBUTING says (no other
 * file of the copy is written by hand). Its server answers with its greeting (the setting ECHO_GREETING); on the
 * containers provider it runs in its image (ECHO_IMAGE) with Node.
 */
const ECHO = `/**
 * An echo service: an HTTP server that answers with its greeting (ECHO_GREETING).
 * - needs: redis. local: a Node process; containers: its image (ECHO_IMAGE) running the same server.
 * - exports: ECHO_URL. The platform's env: ECHO_URL_FOR_PLATFORM. faults: not stopped by fault specs.
 */
import { claimPort } from '../port-claims.ts';
import { ManagedProcess } from '../managed-process.ts';
import { waitUntilReady } from '../readiness.ts';
import { httpOk } from '../checks.ts';
import { containerState, removeContainer, startContainer } from '../providers/containers.ts';
import type { ImageSetting, StackService } from './types.ts';

const IMAGE: ImageSetting = { name: 'ECHO_IMAGE', default: 'node:22-alpine', meaning: 'the echo service image (containers provider)' };
const GREETING = { name: 'ECHO_GREETING', default: 'hello', meaning: 'what the echo service answers' };
const SERVER = "require('http').createServer((q, r) => r.end(process.argv[2])).listen(Number(process.argv[1]), process.argv[3])";

const echo: StackService = {
  key: 'echo',
  needs: ['redis'],
  start: {
    async local(ctx) {
      const port = await claimPort(ctx.layout.id);
      const logFile = ctx.layout.log('echo');
      const args = ['-e', SERVER, String(port), ctx.config.setting(GREETING), '127.0.0.1'];
      const proc = ManagedProcess.start({ name: 'echo', command: process.execPath, args, logFile });
      ctx.register('echo', proc.pid);
      const url = 'http://127.0.0.1:' + port;
      await waitUntilReady(() => httpOk(url), { service: 'echo', what: 'GET /', deadlineMs: ctx.config.serviceReadyMs, logFile, process: proc });
      return { url, env: { ECHO_URL: url }, state: { host: '127.0.0.1', port, url, pid: proc.pid, kind: 'echo', log: logFile, status: 'ready' }, stop: () => proc.stop(1000) };
    },
    async containers(ctx) {
      const t0 = Date.now();
      const { GenericContainer, Wait } = await import('testcontainers');
      const image = ctx.config.setting(IMAGE);
      const container = new GenericContainer(image)
        .withCommand(['node', '-e', SERVER, '8080', ctx.config.setting(GREETING), '0.0.0.0'])
        .withExposedPorts(8080)
        .withWaitStrategy(Wait.forHttp('/', 8080));
      const c = await startContainer('echo', ctx, image, container);
      const url = 'http://' + c.getHost() + ':' + c.getMappedPort(8080);
      return { url, env: { ECHO_URL: url }, state: { ...containerState('echo', ctx, c, c.getMappedPort(8080), image, t0), url }, stop: removeContainer(c) };
    },
  },
  image: IMAGE,
  settings: [GREETING],
  exports: ['ECHO_URL'],
  platformEnv: (svc) => ({ ECHO_URL_FOR_PLATFORM: svc.url! }),
  faults: false,
};
export default echo;
`;

/** A spec that reads the new export through the fixtures (the \`stack\` fixture: StackInfo's exports). */
const ECHO_SPEC = `import { test, expect } from '../fixtures/test.ts';

test('the echo service answers through its export', async ({ stack }) => {
  const url = stack.exports?.ECHO_URL;
  expect(url, 'ECHO_URL among the stack exports the fixtures give').toBeTruthy();
  expect(await (await fetch(url!)).text()).toBe(process.env.ECHO_EXPECTED);
});
`;

/** The files of `copy` that differ from the project's (new or changed), relative. */
function changedFiles(copy: string, files: string[]): string[] {
  return files.filter(
    (f) => !existsSync(join(ROOT, f)) || !readFileSync(join(ROOT, f)).equals(readFileSync(join(copy, f))),
  );
}

let echoCopy: string | undefined;
/**
 * The copy with the echo service's file added (one per test file: the tests below use it in turn, the last one
 * adds a file that is no service).
 */
function echoProject(): string {
  if (!echoCopy) {
    echoCopy = projectCopy();
    writeFileSync(join(echoCopy, 'stack', 'services', 'echo.ts'), ECHO);
  }
  return echoCopy;
}

/** The copy's stack CLI with `args` on the local provider (and `more` in its environment), its stderr kept. */
function cli(copy: string, tmp: string, args: string[], more: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, STACK_PROVIDER: 'local', TMPDIR: tmp, ...more };
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
  'a service with an image, a setting and an export, added by one file: the docs are written from it (and stale until they are)',
  { timeout: 60_000 },
  async () => {
    const copy = echoProject();
    // npm run docs:stack in the copy: both files were stale once the file was added (it writes only what changed).
    const written = spawnSync(process.execPath, [join(copy, 'scripts', 'stack-docs.ts')], {
      cwd: copy,
      encoding: 'utf8',
    });
    assert.equal(written.status, 0, written.stderr);
    assert.deepEqual(written.stdout.trim().split('\n'), [
      `written: ${join(copy, 'docs', 'stack.md')}`,
      `written: ${join(copy, '.env.example')}`,
    ]);
    const page = readFileSync(join(copy, 'docs', 'stack.md'), 'utf8');
    assert.match(
      page,
      /^\| `ECHO_GREETING` \| `hello` \| what the echo service answers \(`stack\/services\/echo\.ts`\) \|$/m,
    );
    assert.match(page, /^\| `ECHO_IMAGE` \| `node:22-alpine` \| the echo service image \(containers provider\)/m);
    assert.match(
      page,
      /^\| `echo` \| `redis` \| local, containers \| `ECHO_URL` \| what its `platformEnv` gives \| no \|$/m,
    );
    assert.match(page, /^\| `echo` \| `ECHO_IMAGE` \| `node:22-alpine` \| none: it must be pullable \|$/m);
    assert.match(page, /^`BOTSERVER_TEMP_STACK_DIR`, .*`ECHO_URL`/m, "among the stack's exports");
    const example = readFileSync(join(copy, '.env.example'), 'utf8');
    assert.match(
      example,
      /^# what the echo service answers \(default: hello; stack\/services\/echo\.ts\)\n# ECHO_GREETING=hello$/m,
    );
    assert.match(example, /^# ECHO_IMAGE=node:22-alpine$/m);
    // What the workflow pre-pulls and scripts/container-engine.sh read (`--images`: the same lines, from the copy's files).
    assert.match(
      imageLines(await loadServices(join(copy, 'stack', 'services'))),
      /^echo\tECHO_IMAGE\tnode:22-alpine\t-$/m,
    );
    assert.deepEqual(
      changedFiles(copy, [...projectFiles(), 'stack/services/echo.ts']).sort(),
      ['.env.example', 'docs/stack.md', 'stack/services/echo.ts'],
      'one file by hand, two written by npm run docs:stack, nothing else',
    );
  },
);

test(
  'that service starts after what it needs with its setting, is recorded, exported, given to the platform, read by a spec through the fixtures, and stopped',
  { timeout: 150_000 },
  async () => {
    const copy = echoProject();
    writeFileSync(join(copy, 'tests', 'echo.spec.ts'), ECHO_SPEC);
    const tmp = isolatedTmp();
    const exportsFile = join(tmp, 'stack.env');
    const run = cli(copy, tmp, ['--timeout', '120', '--exports-file', exportsFile], { ECHO_GREETING: 'bonjour' });
    try {
      assert.ok(await eventually(() => existsSync(exportsFile), 60_000), `the stack became ready: ${run.err()}`);
      const exported = readFileSync(exportsFile, 'utf8');
      const url = /^export ECHO_URL='([^']+)'$/m.exec(exported)?.[1];
      assert.ok(url, `its export is among the stack's: ${exported}`);
      assert.equal(
        await (await fetch(url)).text(),
        'bonjour',
        'the exported URL is the echo service, with its setting',
      );
      const dir = /^export BOTSERVER_TEMP_STACK_DIR='([^']+)'$/m.exec(exported)![1]!;
      const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as StackState;
      const echo = state.services.echo;
      assert.ok(
        echo && echo.status === 'ready' && echo.pid && alive(echo.pid),
        `state.json records it, ready, with its pid: ${JSON.stringify(echo)}`,
      );
      assert.ok(
        echo.log?.startsWith(`${dir}/`) && echo.log.endsWith('/echo.log') && existsSync(echo.log),
        `its log, <name>.log in the stack's dir: ${echo.log}`,
      );
      assert.ok(
        state.timings['echo.ready']! >= state.timings['redis.ready']!,
        `it started once Redis was ready: ${JSON.stringify(state.timings)}`,
      );
      const platformPid = state.services.platform!.pid!;
      const environ = readFileSync(`/proc/${platformPid}/environ`, 'utf8').split('\0');
      assert.ok(environ.includes(`ECHO_URL_FOR_PLATFORM=${url}`), 'the platform was started with what echo gives it');
      assert.ok(state.timings['platform.ready']! >= state.timings['echo.ready']!, 'the platform started after it');
      // A spec of the copy, attached to that stack (its exports in the environment, as docs/stack.md says).
      const env = Object.fromEntries(
        [...exported.matchAll(/^export ([A-Z0-9_]+)='([^']*)'$/gm)].map((m) => [m[1]!, m[2]!]),
      );
      const spec = spawnSync(
        process.execPath,
        [
          join(copy, 'node_modules', '@playwright', 'test', 'cli.js'),
          'test',
          'tests/echo.spec.ts',
          '--project',
          'chromium',
          '--reporter=line',
          `--output=${join(tmp, 'pw-out')}`,
        ],
        {
          cwd: copy,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, ...env, TMPDIR: tmp, ECHO_EXPECTED: 'bonjour', E2E_VERDICT_DIR: join(tmp, 'verdict') },
        },
      );
      assert.match(
        `${spec.stdout}${spec.stderr}`,
        /1 passed/,
        `the spec read ECHO_URL through the fixtures: ${spec.stdout}${spec.stderr}`,
      );
      run.child.kill('SIGTERM');
      await run.exited;
      assert.ok(!alive(echo.pid), 'the stack stopped it');
      assert.deepEqual(stackDirs(tmp), [], 'and nothing of the stack is left');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGTERM');
      await run.exited;
    }
  },
);

// Its image on the containers provider: a Node image of this machine (the engine script's Debian base has Node),
// named by its setting, as a user would (where no container runtime answers, skipped, saying how to start one).
const runtime = await containerRuntimeAnswers();
const noRuntime = runtime.ok
  ? false
  : `no container runtime answers (${runtime.why}): run \`eval "$(bash scripts/container-engine.sh start)"\` as root`;

test(
  'on the containers provider it runs in the image its setting names, with its setting',
  { timeout: 120_000, skip: noRuntime },
  async () => {
    const copy = echoProject();
    const tmp = isolatedTmp();
    const exportsFile = join(tmp, 'stack.env');
    const image = 'botserver-e2e/debian-base:bookworm';
    const run = cli(copy, tmp, ['--timeout', '90', '--no-platform', '--exports-file', exportsFile], {
      STACK_PROVIDER: 'containers',
      ECHO_IMAGE: image,
      ECHO_GREETING: 'hola',
    });
    try {
      assert.ok(await eventually(() => existsSync(exportsFile), 90_000), `the stack became ready: ${run.err()}`);
      const exported = readFileSync(exportsFile, 'utf8');
      const url = /^export ECHO_URL='([^']+)'$/m.exec(exported)![1]!;
      assert.equal(await (await fetch(url)).text(), 'hola', 'the container answers with the setting');
      const dir = /^export BOTSERVER_TEMP_STACK_DIR='([^']+)'$/m.exec(exported)![1]!;
      const echo = (JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as StackState).services.echo!;
      assert.equal(echo.image, image, `state.json names the image ECHO_IMAGE gave: ${JSON.stringify(echo)}`);
      assert.ok(echo.containerId, 'a container');
    } finally {
      if (run.child.exitCode === null) run.child.kill('SIGTERM');
      await run.exited;
    }
    assert.deepEqual(stackDirs(tmp), [], 'nothing of the stack is left');
  },
);

test(
  'a file in stack/services/ that is no service is refused at once, naming the file and what it lacks; nothing is left',
  { timeout: 60_000 },
  async () => {
    const copy = echoProject(); // the last test to use it
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
