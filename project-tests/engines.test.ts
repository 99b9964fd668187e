/** Firefox and WebKit run where Playwright's own build of them is installed (CI), and say in one line why not here. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';
import { engineInstalled } from '../fixtures/engines.ts';

test('playwright.config.ts has a firefox and a webkit project exactly when the engine is installed, else one line says why', () => {
  const env = { ...process.env };
  delete env.TEST_WORKER_INDEX;
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      "const c = await import('./playwright.config.ts'); console.log('PROJECTS ' + JSON.stringify(c.default.projects.map((p) => p.name)))",
    ],
    { cwd: ROOT, env, encoding: 'utf8', input: '' },
  );
  const said = r.stderr;
  assert.equal(r.status, 0, r.stderr);
  const projects: string[] = JSON.parse(/PROJECTS (.*)/.exec(r.stdout)![1]!);
  for (const name of ['chromium', 'accessibility', 'phone', 'phone-iphone'])
    assert.ok(projects.includes(name), `${name} in ${projects}`);
  const missing = (['firefox', 'webkit'] as const).filter((e) => !engineInstalled(e).installed);
  for (const name of ['firefox', 'webkit'] as const)
    assert.equal(projects.includes(name), !missing.includes(name), `${name}: a project exactly when installed`);
  const lines = said.split('\n').filter((l) => l.startsWith('projects not run:'));
  assert.equal(lines.length, missing.length ? 1 : 0, said);
  for (const name of missing) assert.match(lines[0]!, new RegExp(`${name} \\(`));
  if (missing.length) assert.match(lines[0]!, /Playwright's own browser is not installed on this machine/);
});

test('the workflow installs Firefox and WebKit and runs them on the intended profile', () => {
  const y = readFileSync(join(ROOT, '.github', 'workflows', 'e2e.yml'), 'utf8');
  assert.match(
    y,
    /if: \$\{\{ matrix\.profile == 'intended' \}\}\n\s+run: npx playwright install --with-deps firefox webkit/,
  );
  assert.match(
    y,
    /profile: \$\{\{ fromJSON\(inputs\.botserver_artifact == '' && needs\.legs\.outputs\.profiles \|\| '\["real-build"\]'\) \}\}/,
    'the profile legs of a push come from the legs job',
  );
  const legs = JSON.parse(
    spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-legs.ts')], { cwd: ROOT, encoding: 'utf8' }).stdout,
  ) as string[];
  assert.ok(legs.includes('intended'), `the profile legs of a push: intended among them (${legs})`);
});
