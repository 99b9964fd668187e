/**
 * Bot packages (stack/bot-package.ts, stack/bot-deploy.ts, `--bot`): the project's own bots are valid packages; a
 * package that is not one is refused at once with a message naming it, before anything starts, leaving nothing
 * behind; `--bot` deploys a package and the exports come only once the platform has taken it up.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBotPackage, MAX_PACKAGE_BYTES, renamePackage } from '../stack/bot-package.ts';
import { withStackLlm } from '../stack/bot-deploy.ts';
import { copiedToWork, isPromptKey, statementLiterals } from '../stack/bot-work-dir.ts';
import { ChatClient } from '../fixtures/chat-client.ts';
import { CLI, ROOT, eventually, isolatedTmp } from './helpers.ts';

const BOTS = join(ROOT, 'bots');

test('every bot of bots/ is a valid package with its dialog and config.csv under its own name', async () => {
  const names = readdirSync(BOTS).filter((d) => d.endsWith('.gbai'));
  assert.ok(names.length >= 5, `bots found: ${names.join(', ')}`);
  for (const folder of names) {
    const pkg = await loadBotPackage(join(BOTS, folder));
    const keys = pkg.files.map((f) => f.key);
    assert.ok(keys.includes(`${pkg.name}.gbdialog/start.bas`), `${folder}: start.bas`);
    assert.ok(keys.includes(`${pkg.name}.gbot/config.csv`), `${folder}: config.csv`);
    assert.deepEqual(
      renamePackage(pkg, 'other1').files.map((f) => f.key),
      keys.map((k) => `other1${k.slice(pkg.name.length)}`),
    );
  }
});

function badPackages(): [string, string, RegExp][] {
  const base = mkdtempSync(join(tmpdir(), 'e2e-bad-bots-'));
  process.once('exit', () => rmSync(base, { recursive: true, force: true }));
  const make = (name: string, files: Record<string, string | Buffer>) => {
    for (const [k, v] of Object.entries(files)) {
      mkdirSync(join(base, name, k, '..'), { recursive: true });
      writeFileSync(join(base, name, k), v);
    }
    return join(base, name);
  };
  const dangling = make('dangling.gbai', { 'dangling.gbdialog/start.bas': 'TALK "x"' });
  symlinkSync(join(base, 'nowhere'), join(dangling, 'dangling.gbdialog', 'other.bas'));
  return [
    [
      'not a .gbai folder',
      make('mybot', { 'mybot.gbdialog/start.bas': 'TALK "x"' }),
      /is not a bot package: its folder name must end in \.gbai/,
    ],
    ['missing', join(base, 'missing.gbai'), /missing\.gbai does not exist/],
    ['a file, not a folder', make('file.gbai.d', { 'x.gbai': 'x' }) + '/x.gbai', /x\.gbai is not a folder/],
    [
      'over the size limit',
      make('big.gbai', { 'big.gbdialog/start.bas': Buffer.alloc(MAX_PACKAGE_BYTES + 1, 0x20) }),
      /big\.gbai holds more than 10 MiB \(at big\.gbdialog\/start\.bas\)/,
    ],
    ['an unreadable file (a link to nothing)', dangling, /other\.bas cannot be read \(ENOENT/],
    [
      'a name that is no bucket name',
      make('My_Bot.gbai', { 'My_Bot.gbdialog/start.bas': 'TALK "x"' }),
      /the bot name "My_Bot" must be lowercase letters, digits and hyphens/,
    ],
    [
      "a file outside the bot's folders",
      make('stray.gbai', { 'stray.gbdialog/start.bas': 'TALK "x"', 'notes.txt': 'x' }),
      /notes\.txt is outside the bot's folders/,
    ],
    [
      'nothing to take up',
      make('empty.gbai', { 'empty.gbkb/doc.md': '# x' }),
      /has no dialog .* and no empty\.gbot\/config\.csv/,
    ],
  ];
}

test('a package that is not valid is refused with a message naming it', async () => {
  for (const [what, dir, message] of badPackages()) {
    await assert.rejects(
      loadBotPackage(dir, '--bot'),
      (e: Error) => e.name === 'ConfigError' && /^--bot: /.test(e.message) && message.test(e.message),
      what,
    );
  }
});

test("a shipped package's files outside its folders are kept and listed when asked (the census), refused otherwise; a rename leaves them be", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'strays-'));
  try {
    const pkg = join(dir, 'shop.gbai');
    mkdirSync(join(pkg, 'shop.gbdialog'), { recursive: true });
    writeFileSync(join(pkg, 'shop.gbdialog', 'start.bas'), 'TALK "hi"\n');
    writeFileSync(join(pkg, 'README.md'), 'about\n');
    await assert.rejects(loadBotPackage(pkg, '--bot'), /README\.md is outside the bot's folders/);
    const kept = await loadBotPackage(pkg, 'census', { strays: 'keep' });
    assert.deepEqual(kept.strays, ['README.md']);
    assert.deepEqual(
      kept.files.map((f) => f.key),
      ['README.md', 'shop.gbdialog/start.bas'],
    );
    const renamed = renamePackage(kept, 'shop-c1');
    assert.deepEqual(
      renamed.files.map((f) => f.key),
      ['README.md', 'shop-c1.gbdialog/start.bas'],
    );
    assert.deepEqual(renamed.strays, ['README.md']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a tool dialog's PARAM and DESCRIPTION literals are no sign of its compiled version (HEAD leaves those lines out of the .ast)", () => {
  assert.deepEqual(
    statementLiterals('PARAM a AS STRING LIKE "x" DESCRIPTION "y"\n  description "z"\nTALK "said " + a\n'),
    ['"said "'],
  );
});

test("a deploy waits for the bot's prompt file in the work dir, as uploaded (a turn before it gets the default prompt)", async () => {
  assert.deepEqual(
    [
      'faq.gbot/prompt.md',
      'faq.gbot/Prompt.md',
      'faq.gbot/prompt.txt',
      'faq.gbot/config.csv',
      'faq.gbkb/faq/prompt.md',
    ].map(isPromptKey),
    [true, true, true, false, false],
  );
  const work = mkdtempSync(join(tmpdir(), 'prompt-copy-'));
  try {
    const body = Buffer.from('E2E prompt v2\n');
    assert.equal(await copiedToWork(work, 'faq', 'faq.gbot/prompt.md', body), false, 'no copy yet');
    mkdirSync(join(work, 'faq.gbai', 'faq.gbot'), { recursive: true });
    writeFileSync(join(work, 'faq.gbai', 'faq.gbot', 'prompt.md'), 'E2E prompt v1\n');
    assert.equal(await copiedToWork(work, 'faq', 'faq.gbot/prompt.md', body), false, 'an older copy is not the upload');
    writeFileSync(join(work, 'faq.gbai', 'faq.gbot', 'prompt.md'), body);
    assert.equal(await copiedToWork(work, 'faq', 'faq.gbot/prompt.md', body), true);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("the stack points a bot's LLM at its stand-in and keeps the package's other rows", () => {
  const stack = new Map([
    ['llm-url', 'http://127.0.0.1:1'],
    ['llm-key', 'k'],
    ['llm-model', 'stand-in-model'],
  ]);
  assert.equal(
    withStackLlm(
      'name,value\nllm-model,mine\nllm-url,https://example.invalid\nembedding-url,https://example.invalid/e\ntheme-color1,#fff\n',
      stack,
    ),
    'name,value\nllm-model,mine\ntheme-color1,#fff\nllm-url,http://127.0.0.1:1\nllm-key,k\nllm-cache,false\nembedding-url,http://127.0.0.1:1/v1/embeddings\n',
  );
  assert.equal(
    withStackLlm(undefined, stack),
    'llm-url,http://127.0.0.1:1\nllm-key,k\nllm-cache,false\nembedding-url,http://127.0.0.1:1/v1/embeddings\nllm-model,stand-in-model\n',
  );
});

function cli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, STACK_PROVIDER: 'local', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  return {
    child,
    out: () => out,
    err: () => err,
    exited: new Promise<number | null>((r) => child.on('exit', (code) => r(code))),
  };
}

test('--bot with a bad package fails within seconds, naming it, and starts nothing', { timeout: 30_000 }, async () => {
  const tmp = isolatedTmp();
  const bad = badPackages().find(([what]) => what === 'over the size limit')![1];
  const t0 = Date.now();
  const r = cli(['--bot', join(BOTS, 'greet.gbai'), '--bot', bad], { TMPDIR: tmp });
  assert.equal(await r.exited, 2, 'a bad setting exits 2 (stack/cli.ts)');
  assert.ok(Date.now() - t0 < 10_000, `refused in ${Date.now() - t0} ms`);
  assert.match(r.err(), /botserver-temp-stack: --bot: .*big\.gbai holds more than 10 MiB/);
  assert.equal(r.out(), '', 'no export line');
  assert.deepEqual(readdirSync(tmp), [], 'no temp dir left behind');
});

test(
  '--bot deploys a package: the exports come once its dialog is compiled, and a new session is greeted by it',
  { timeout: 90_000 },
  async () => {
    const r = cli(['--timeout', '80', '--bot', join(BOTS, 'greet.gbai')]);
    try {
      assert.ok(
        await eventually(() => r.out().includes('BOTSERVER_URL'), 60_000),
        `ready in time; stderr:\n${r.err()}`,
      );
      assert.match(
        r.err(),
        /bot greet ready: bucket greet\.gbai taken up in \d+ ms; its chat: http:\/\/127\.0\.0\.1:\d+\/greet\//,
      );
      const env = Object.fromEntries([...r.out().matchAll(/^export ([A-Z_]+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
      const ast = join(
        env.BOTSERVER_TEMP_STACK_DIR!,
        'botserver',
        'botserver-stack',
        'data',
        'system',
        'work',
        'greet.gbai',
        'greet.gbdialog',
        'start.ast',
      );
      assert.ok(existsSync(ast), `the compiled dialog is in the work dir when the exports appear: ${ast}`);
      const auth = await (await fetch(`${env.BOTSERVER_URL}/api/auth?bot_name=greet`)).json();
      const client = await ChatClient.connect(env.BOTSERVER_URL!, {
        session_id: auth.session_id,
        user_id: auth.user_id,
        bot_name: 'greet',
      });
      const frames = await client.turn(`hello ${Date.now()}`, auth);
      client.close();
      assert.equal(
        frames.find((f) => f.is_complete)?.content,
        'Welcome to the e2e greet bot',
        "the first complete frame is the dialog's TALK",
      );
    } finally {
      r.child.kill('SIGTERM');
      await r.exited;
    }
  },
);
