/**
 * npm run conversations: runs a bot author's conversation files (docs/conversations.md) and nothing else — the
 * `conversations` project of the suite, on its own temporary stack, against the platform configured as for the
 * suite (BOTSERVER_BIN/BOTUI_BIN, or the reference platform). Each argument is a bot package (`<name>.gbai`, its
 * `<name>.gbtest/` is run), a conversation file, or a folder of them.
 *   npm run conversations -- path/to/mybot.gbai [more…] [--junit FILE]
 * Writes the HTML report (playwright-report/) and a JUnit file for the author's CI (default
 * test-results/conversations.junit.xml); exits 1 when a conversation failed, 2 on bad input.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--junit');
const junit = resolve(at >= 0 ? (args.splice(at, 2)[1] ?? '') : join(ROOT, 'test-results', 'conversations.junit.xml'));
const paths = args.filter((a) => !a.startsWith('--'));
const bad = (why: string): never => {
  process.stderr.write(
    `npm run conversations: ${why}\nusage: npm run conversations -- <bot package .gbai | conversation file | folder>… [--junit FILE]\n`,
  );
  process.exit(2);
};
if (!paths.length || args.some((a) => a.startsWith('--')))
  bad(
    paths.length
      ? `unknown option ${args.find((a) => a.startsWith('--'))}`
      : 'name at least one bot package, conversation file or folder',
  );
const targets = paths.map((p) => {
  const abs = resolve(p);
  if (!existsSync(abs)) bad(`${p} does not exist`);
  if (statSync(abs).isDirectory() && abs.endsWith('.gbai')) {
    const tests = join(abs, `${basename(abs, '.gbai')}.gbtest`);
    if (!existsSync(tests)) bad(`${p} has no ${basename(tests)}/ folder of conversation files (docs/conversations.md)`);
    return tests;
  }
  return abs;
});
const run = spawnSync('npx', ['playwright', 'test', '--project', 'conversations', '--reporter', 'list,junit,html'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: {
    ...process.env,
    E2E_CONVERSATIONS: targets.join(','),
    PLAYWRIGHT_JUNIT_OUTPUT_NAME: junit,
    PLAYWRIGHT_HTML_OPEN: 'never',
  },
});
process.stderr.write(`[conversations] JUnit: ${junit}; HTML report: npx playwright show-report --host 127.0.0.1\n`);
process.exit(run.status ?? 1);
