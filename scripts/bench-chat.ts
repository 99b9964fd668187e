/**
 * npm run bench:chat -- [--levels 1,8,32] [--turns 3] [--pieces N --piece-ms M] [--compare BIN|reference]… [--out DIR]
 * The platform's own chat overhead, measured with the deterministic LLM stand-in: per concurrency level, virtual
 * users each open an anonymous session, connect the websocket as the UI does and send their turns (unique texts).
 * Figures per level: p50 / p95 / max of the time to the first reply frame, to the final frame and to connect;
 * turns per second; errors by kind; the platform process's peak RSS and CPU seconds (/proc).
 * The build under test is BOTSERVER_BIN (default: the reference platform); each --compare adds one, run
 * alternately level by level on the same machine, every figure with its ratio to the first build.
 * Prints a table on stdout; writes JSON and a self-contained HTML chart to --out (default bench-results/).
 * Everything is on 127.0.0.1 and bounded: at most 64 users and 20 turns per level, a deadline per turn.
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, hostname } from 'node:os';
import { TemporaryStack } from '../stack/temporary-stack.ts';
import { loadConfig } from '../stack/config.ts';
import { ConfigError } from '../stack/errors.ts';
import { LlmAdmin } from '../standins/clients.ts';
import { runLevel } from './bench/chat-load.ts';
import { sampleProcess } from './bench/proc-sampler.ts';
import { chartHtml, figures, table, type BuildResult } from './bench/chat-report.ts';
import { findsBotsAtRuntime } from '../fixtures/build-probe.ts';

function fail(message: string): never {
  process.stderr.write(`bench:chat: ${message}\n`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: {
      levels: { type: 'string', default: '1,8,32' },
      turns: { type: 'string', default: '3' },
      pieces: { type: 'string', default: '0' },
      'piece-ms': { type: 'string', default: '0' },
      compare: { type: 'string', multiple: true, default: [] },
      out: { type: 'string', default: 'bench-results' },
      'turn-timeout': { type: 'string', default: '30' },
      quiet: { type: 'boolean', default: false },
    },
  }).values;
} catch (e) {
  fail((e as Error).message);
}
const int = (name: string, v: string, min: number, max: number) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    fail(`--${name} must be a whole number from ${min} to ${max} (got "${v}")`);
  return n;
};
const levels = args.levels!.split(',').map((v) => int('levels', v.trim(), 1, 64));
const turns = int('turns', args.turns!, 1, 20);
const pieces = int('pieces', args.pieces!, 0, 100);
const pieceMs = int('piece-ms', args['piece-ms']!, 0, 2000);
const turnTimeoutMs = int('turn-timeout', args['turn-timeout']!, 1, 120) * 1000;
const pace = pieces ? `${pieces} pieces, ${pieceMs} ms apart` : 'instant (the default reply, word by word, no delay)';
const log = (line: string) => {
  if (!args.quiet) process.stderr.write(`[bench:chat] ${line}\n`);
};

if (process.env.BOTSERVER_URL)
  fail(
    'BOTSERVER_URL is set: the benchmark starts its own stacks (it needs the platform process for RSS and CPU and the LLM stand-in for its pace); unset it',
  );

interface Target {
  label: string;
  stack: TemporaryStack;
  apiUrl: string;
  pid?: number;
}
const specs = [process.env.BOTSERVER_BIN || 'reference', ...args.compare!];
const targets: Target[] = [];
const stopAll = async () => {
  await Promise.all(targets.map((t) => t.stack.shutdown().catch(() => undefined)));
};
for (const s of ['SIGINT', 'SIGTERM'] as const) process.on(s, () => void stopAll().then(() => process.exit(130)));

try {
  const tag = `b${Date.now().toString(36)}`;
  for (const spec of specs) {
    const bin = spec === 'reference' ? undefined : resolve(spec);
    let config;
    try {
      config = loadConfig({
        ...process.env,
        STACK_PROVIDER: 'local',
        BOTSERVER_BIN: bin ?? '',
        BOTUI_BIN: '',
        BOTUI_UI_DIR: '',
        REFERENCE_PROFILE: '',
        REFERENCE_MUTATIONS: '',
      });
    } catch (e) {
      if (e instanceof ConfigError) fail(`${spec}: ${e.message}`);
      throw e;
    }
    log(`starting a stack for ${spec}`);
    const stack = await TemporaryStack.start({ config, findsBotsAtRuntime, log: () => undefined });
    const apiUrl = stack.env().BOTSERVER_URL!;
    const health = (await (await fetch(`${apiUrl}/health`)).json()) as { commit?: string; implementation?: string };
    let label = /reference platform/.test(health.implementation ?? '')
      ? 'reference platform'
      : `BotServer ${String(health.commit ?? spec).slice(0, 8)}`;
    if (targets.some((t) => t.label === label)) label = `${label} #${targets.length + 1}`;
    targets.push({ label, stack, apiUrl, pid: stack.platformPid });
    if (pieces)
      await new LlmAdmin(stack.env().LLM_URL!).setScenario(tag, { type: 'stream', chunks: pieces, delayMs: pieceMs });
    // One unmeasured turn: the platform's first (lazy set-up: bot config, connection pools).
    await runLevel({ apiUrl, users: 1, turns: 1, tag, turnTimeoutMs });
  }

  const results: BuildResult[] = targets.map((t) => ({ label: t.label, levels: [] }));
  for (const users of levels) {
    for (const [k, t] of targets.entries()) {
      let done = 0;
      const total = users * turns;
      const usage = sampleProcess(t.pid);
      const raw = await runLevel({
        apiUrl: t.apiUrl,
        users,
        turns,
        tag,
        turnTimeoutMs,
        onTurn: () => {
          done++;
          if (process.stderr.isTTY && !args.quiet)
            process.stderr.write(`\r[bench:chat] ${t.label}: ${users} users, ${done}/${total} turns `);
        },
      });
      const f = figures(users, raw, usage.stop());
      results[k]!.levels.push(f);
      if (process.stderr.isTTY && !args.quiet) process.stderr.write('\n');
      log(
        `${t.label}, ${users} users: ${f.turnsDone}/${total} turns, final p50 ${f.finalMs?.p50 ?? '—'} ms, ${Object.keys(f.errors).length ? `errors ${JSON.stringify(f.errors)}` : 'no error'}`,
      );
    }
  }

  const when = new Date().toISOString();
  const report = {
    date: when,
    machine: { host: hostname(), cores: cpus().length, cpu: cpus()[0]?.model },
    pace,
    turnsPerUser: turns,
    levels,
    builds: results,
  };
  const dir = resolve(args.out!);
  mkdirSync(dir, { recursive: true });
  const base = join(dir, `chat-${when.replace(/[:.]/g, '-')}`);
  writeFileSync(`${base}.json`, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(
    `${base}.html`,
    chartHtml(
      results,
      `Chat latency by concurrency — ${results.map((r) => r.label).join(' vs ')} — ${when.slice(0, 10)}, ${cpus().length} cores, LLM pace: ${pace}`,
    ),
  );
  process.stdout.write(
    `LLM stand-in pace: ${pace}; ${turns} turn(s) per user; ratios (×) are to ${results[0]!.label}\n\n${table(results)}`,
  );
  log(`JSON: ${base}.json`);
  log(`chart: ${base}.html`);
} finally {
  await stopAll();
}
