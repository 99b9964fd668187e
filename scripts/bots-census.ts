/**
 * npm run bots:census -- <folder>… [--out DIR] [--deadline S] [--batch N] [--skip-conversations] [--quiet]
 * A verdict on every bot package in some folders (`*.gbai`, searched recursively; e.g. a General Bots checkout's
 * bottemplates/), on the platform under test (BOTSERVER_BIN with botui, or the reference platform and its
 * REFERENCE_PROFILE): each package deployed as a bot of its own on one temporary stack, then judged as a new
 * visitor meets it (scripts/census/judge-bot.ts). One line of progress per bot on stderr; JSON, Markdown and a
 * self-contained HTML page in --out (default bench-results/); the summary line on stdout.
 * Every step has a deadline: a platform that stops answering /health after a bot is a finding (after which
 * package, its last log lines), and the census goes on with a fresh stack. A build that finds bots at start only
 * gets --batch packages (default 8) uploaded before each restart. Nothing of the packages is kept: the stack and
 * its temp dir go when the census ends. A package's own conversation files (`<name>.gbtest/`) are run in a browser
 * on the same stack, a verdict per conversation in its row (--skip-conversations: not). Exit 0 with a report; 2 for bad arguments; 1 when no stack starts.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { loadBotPackage, renamePackage, type BotPackage } from '../stack/bot-package.ts';
import { uploadBot, type Upload } from '../stack/bot-deploy.ts';
import { probeBuild } from '../fixtures/build-probe.ts';
import { findPackages } from './census/find-packages.ts';
import { judgeBot, type BotVerdict } from './census/judge-bot.ts';
import { html, markdown, summaryLine, type Census } from './census/report.ts';
import { runConversations, testFolderOf } from './census/conversations.ts';
import { findsBotsAtRuntime } from '../fixtures/build-probe.ts';
import { cliArgs } from '../lib/cli.ts';

function fail(message: string, code = 2): never {
  process.stderr.write(`bots:census: ${message}\n`);
  process.exit(code);
}

const USAGE =
  'npm run bots:census -- <folder>… [--out DIR] [--deadline S] [--batch N] [--skip-conversations] [--quiet]';
const args = cliArgs('bots:census', USAGE, {
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'bench-results' },
    deadline: { type: 'string' },
    batch: { type: 'string', default: '8' },
    quiet: { type: 'boolean', default: false },
    'skip-conversations': { type: 'boolean', default: false },
  },
});
const { values, positionals } = args;
if (!positionals.length)
  fail('give at least one folder holding <name>.gbai bot packages, e.g. npm run bots:census -- bots/');
const batch = Number(values.batch);
if (!Number.isInteger(batch) || batch < 1 || batch > 45)
  fail(`--batch "${values.batch}" must be a whole number from 1 to 45`);
const deadlineArg = values.deadline === undefined ? undefined : Number(values.deadline);
if (deadlineArg !== undefined && !(deadlineArg > 0 && deadlineArg <= 600))
  fail(`--deadline "${values.deadline}" must be seconds from 1 to 600`);

const progress = (l: string) => process.stderr.write(`[census] ${l}\n`);
const started = Date.now();
let dirs: string[];
try {
  dirs = await findPackages(positionals);
} catch (e) {
  fail((e as Error).message);
}
if (!dirs.length) fail(`no <name>.gbai folder under ${positionals.join(', ')}`);

// Each package as a bot of its own; a name the stack uses itself, or taken twice, gets a suffix.
const census: Census = {
  platform: '',
  startedAt: new Date().toISOString(),
  seconds: 0,
  folders: positionals.map((p) => resolve(p)),
  bots: [],
  refused: [],
  findings: [],
};
const packages: BotPackage[] = [];
const taken = new Set(['default']);
for (const dir of dirs) {
  try {
    let pkg = await loadBotPackage(dir, 'bots:census', { strays: 'keep' });
    if (taken.has(pkg.name)) pkg = renamePackage(pkg, `${pkg.name.slice(0, 50)}-c${taken.size}`);
    taken.add(pkg.name);
    packages.push(pkg);
  } catch (e) {
    census.refused.push({ dir, why: (e as Error).message.replace(/^bots:census: /, '') });
  }
}
progress(
  `${packages.length} bot package(s) to judge${census.refused.length ? `, ${census.refused.length} refused by the suite` : ''}`,
);

const config = { ...loadConfig(), botPackages: [] as string[] };
let stack: TemporaryStack | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  await stack?.shutdown().catch(() => undefined);
  process.exit(code);
};
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

async function freshStack(): Promise<{
  s: TemporaryStack;
  apiUrl: string;
  llmUrl: string;
  qdrantUrl?: string;
  atStart: boolean;
  deadlineMs: number;
}> {
  try {
    stack = await TemporaryStack.start({
      config,
      findsBotsAtRuntime,
      log: values.quiet ? () => undefined : (l) => process.stderr.write(`[stack] ${l}\n`),
    });
  } catch (e) {
    progress(`no stack started: ${(e as Error).message}`);
    return stop(1) as never;
  }
  const env = stack.env();
  const { kind, build } = await probeBuild(env.BOTSERVER_URL!);
  census.platform ||= `${kind === 'reference' ? 'reference platform' : 'BotServer'} (${build.decidedBy})`;
  return {
    s: stack,
    apiUrl: env.BOTSERVER_URL!,
    llmUrl: env.LLM_URL!,
    qdrantUrl: env.QDRANT_URL,
    atStart: !build.newBotsAtRuntime,
    deadlineMs: (deadlineArg ?? (kind === 'reference' ? 15 : 60)) * 1000,
  };
}

async function answers(apiUrl: string): Promise<boolean> {
  return fetch(`${apiUrl}/health`, { signal: AbortSignal.timeout(10_000) }).then(
    (r) => r.ok,
    () => false,
  );
}

const lastLog = (file: string | undefined) => {
  try {
    return file ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-5) : [];
  } catch {
    return [];
  }
};

let current = await freshStack();
for (let i = 0; i < packages.length;) {
  // A build that finds bots at start only gets a batch uploaded, then a restart; others one bot at a time.
  const group = current.atStart ? packages.slice(i, i + batch) : [packages[i]!];
  const target = current.s.deployTarget();
  const uploads = new Map<string, Upload>();
  if (current.atStart) {
    for (const pkg of group) uploads.set(pkg.name, await uploadBot(target, pkg));
    await current.s.restartPlatform();
  }
  for (const pkg of group) {
    i++;
    const t0 = Date.now();
    const v: BotVerdict = await judgeBot(
      pkg,
      target,
      current.apiUrl,
      current.llmUrl,
      current.deadlineMs,
      uploads.get(pkg.name),
      current.qdrantUrl,
    );
    census.bots.push(v);
    progress(
      `${i}/${packages.length} ${pkg.name}: ${v.takenUpMs !== undefined ? `taken up in ${v.takenUpMs} ms` : 'NOT taken up'}, ` +
        `${v.dialogs.filter((d) => d.status === 'compiled').length}/${v.dialogs.length} dialogs compiled, greeting ${v.greeting.length ? 'yes' : 'none'}, ` +
        `${v.suggestions.length} suggestion(s), ${v.tools.length} tool(s) offered (${Math.round((Date.now() - t0) / 1000)} s)`,
    );
    if (!(await answers(current.apiUrl))) {
      const what = `the platform stopped answering /health after bot ${pkg.name}`;
      census.findings.push({ what, afterBot: pkg.name, lastLog: lastLog(target.logFile) });
      progress(`${what}: a fresh stack for the rest`);
      await current.s.shutdown().catch(() => undefined);
      if (i < packages.length) current = await freshStack();
      break;
    }
  }
}
// The packages' own conversation files, in a browser, on the same stack (scripts/census/conversations.ts).
const shipping = census.bots.map((b) => b.dir).filter((d) => testFolderOf(d));
if (shipping.length && !values['skip-conversations'] && !stopping) {
  progress(`the conversation files of ${shipping.length} package(s), in a browser`);
  const verdicts = await runConversations(shipping, current.s.env());
  for (const b of census.bots) if (verdicts.has(b.dir)) b.conversations = verdicts.get(b.dir);
}
await stack?.shutdown().catch(() => undefined);
census.seconds = Math.round((Date.now() - started) / 1000);

const out = resolve(values.out);
mkdirSync(out, { recursive: true });
const stamp = census.startedAt.replace(/[:.]/g, '-');
const base = join(out, `census-${stamp}`);
writeFileSync(`${base}.json`, `${JSON.stringify(census, null, 2)}\n`);
writeFileSync(`${base}.md`, markdown(census));
writeFileSync(`${base}.html`, html(census));
progress(`written: ${base}.json, .md, .html (${census.seconds} s)`);
process.stdout.write(`${summaryLine(census)}\n`);
process.exit(0);
