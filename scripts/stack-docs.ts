/**
 * npm run docs:stack [-- --check] [--out DIR]   |   node scripts/stack-docs.ts --images   (--help: this usage)
 * Writes what docs/stack.md and `.env.example` say about the stack's facts from the code that holds them, the way
 * docs/known-bugs.md is written from the caveats: the settings (stack/config.ts SETTINGS, and each service file's
 * `image` and `settings`), the services (stack/services/*.ts: needs, providers, exports, what they give the
 * platform, faults), their exports and their images. In docs/stack.md only the parts between the markers
 * `<!-- generated: NAME … -->` and `<!-- end: NAME -->` are written; `.env.example` is written whole. Never edit
 * either by hand. With `--check`, writes nothing and exits 1 naming each stale file (the project test
 * project-tests/stack-docs.test.ts runs it). `--out DIR` reads and writes DIR/docs/stack.md and DIR/.env.example
 * instead of the project's. `--images` prints one line per service image, tab-separated — the service's key, the
 * setting, the tag pulled by default, the tag scripts/container-engine.sh builds (or `-`) — which the container
 * engine script and the workflow's pre-pull read. Any other argument is refused: exit 2, naming it, with the usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SETTINGS, type Setting } from '../stack/config.ts';
import { loadServices, settingsOf, STACK_DIR_EXPORT } from '../stack/services/registry.ts';
import type { StackService } from '../stack/services/types.ts';
import { cliArgs, isMain } from '../lib/cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMMAND = 'npm run docs:stack';

const code = (s: string) => `\`${s}\``;
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const list = (names: readonly string[]) => (names.length ? names.map(code).join(', ') : 'nothing');

/** Every setting with the file that declares it: stack/config.ts's first, then each service's, by file name. */
export function allSettings(services: readonly StackService[]): { setting: Setting; from: string }[] {
  return [
    ...SETTINGS.map((setting) => ({ setting, from: 'stack/config.ts' })),
    ...services.flatMap((s) => settingsOf(s).map((setting) => ({ setting, from: `stack/services/${s.key}.ts` }))),
  ];
}

/** The stack's exports, as the "by hand" section lists them: those of every stack, then those of a service that runs only sometimes. */
function exportsPart(services: readonly StackService[]): string[] {
  const always = services.filter((s) => !s.when).flatMap((s) => s.exports);
  const sometimes = services.filter((s) => s.when && s.exports.length);
  const more = sometimes.map((s) => `${list(s.exports)} when \`${s.key}\` runs`).join('; ');
  return [`${list([STACK_DIR_EXPORT, ...always])}${more ? ` (and ${more})` : ''}.`];
}

/** The configuration table: every setting, its default and its meaning (a service's names its file). */
function settingsPart(services: readonly StackService[]): string[] {
  return [
    '| variable | default | meaning |',
    '|---|---|---|',
    ...allSettings(services).map(
      ({ setting: s, from }) =>
        `| ${code(s.name)} | ${s.default ? code(s.default) : ''} | ${cell(s.meaning)}${from === 'stack/config.ts' ? '' : ` (${code(from)})`} |`,
    ),
  ];
}

/** One row per service file: what it needs, where it starts, what it exports and gives the platform, its faults. */
function servicesPart(services: readonly StackService[]): string[] {
  const needs = (s: StackService) =>
    s.about?.needs ?? (typeof s.needs === 'function' ? 'what its file computes' : list(s.needs));
  const starts = (s: StackService) =>
    `${'any' in s.start ? 'any' : 'local, containers'}${s.about?.startsOn ? ` (${s.about.startsOn})` : ''}`;
  const gives = (s: StackService) => s.about?.platform ?? (s.platformEnv ? 'what its `platformEnv` gives' : 'nothing');
  return [
    '| service | needs | starts on | exports | gives the platform | fault specs may stop it |',
    '|---|---|---|---|---|---|',
    ...services.map(
      (s) =>
        `| ${code(s.key)} | ${cell(needs(s))} | ${cell(starts(s))} | ${list(s.exports)} | ${cell(gives(s))} | ${s.faults ? 'yes' : 'no'} |`,
    ),
  ];
}

/** The images table: each service's image setting, the tag pulled by default, the tag the engine script builds. */
function imagesPart(services: readonly StackService[]): string[] {
  return [
    '| service | setting | pulled by default | built by `scripts/container-engine.sh` where no registry answers |',
    '|---|---|---|---|',
    ...services
      .filter((s) => s.image)
      .map(
        (s) =>
          `| ${code(s.key)} | ${code(s.image!.name)} | ${code(s.image!.default)} | ${s.image!.local ? code(s.image!.local) : 'none: it must be pullable'} |`,
      ),
  ];
}

/** The generated parts of docs/stack.md, by marker name. */
export function stackPageParts(services: readonly StackService[]): Record<string, string[]> {
  return {
    exports: exportsPart(services),
    settings: settingsPart(services),
    services: servicesPart(services),
    images: imagesPart(services),
  };
}

/** `page` with each generated part replaced; throws naming a part whose markers it lacks. */
export function withParts(page: string, parts: Record<string, string[]>): string {
  let text = page;
  for (const [name, lines] of Object.entries(parts)) {
    const start = new RegExp(`^<!-- generated: ${name}\\b.*-->\\n`, 'm').exec(text);
    const end = text.indexOf(`<!-- end: ${name} -->`, start ? start.index : 0);
    if (!start || end < 0)
      throw new Error(`docs/stack.md lacks the markers of its generated part "${name}" (<!-- generated: ${name} -->)`);
    const from = start.index + start[0].length;
    text = `${text.slice(0, from)}${lines.join('\n')}\n${text.slice(end)}`;
  }
  return text;
}

/** `.env.example`: every setting, commented out at its default. */
export function envExample(services: readonly StackService[]): string {
  const lines = [
    `# Generated by \`${COMMAND}\` from stack/config.ts and stack/services/*.ts: do not edit. Copy it to .env and`,
    '# uncomment what you need; every setting is optional (docs/stack.md, Configuration).',
  ];
  for (const { setting: s, from } of allSettings(services)) {
    const meaning = s.meaning.replace(/`/g, '').replace(/\s+/g, ' ');
    const notes = [...(s.default ? [`default: ${s.default}`] : []), ...(from === 'stack/config.ts' ? [] : [from])];
    lines.push('', `# ${meaning}${notes.length ? ` (${notes.join('; ')})` : ''}`, `# ${s.name}=${s.default}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The service images, one tab-separated line each: key, setting, default tag, the engine script's tag or `-`. */
export function imageLines(services: readonly StackService[]): string {
  return services
    .filter((s) => s.image)
    .map((s) => [s.key, s.image!.name, s.image!.default, s.image!.local ?? '-'].join('\t'))
    .join('\n');
}

export const USAGE = 'node scripts/stack-docs.ts [--check] [--out DIR]   |   node scripts/stack-docs.ts --images';

if (isMain(import.meta)) {
  const { values } = cliArgs('stack-docs', USAGE, {
    options: { check: { type: 'boolean' }, out: { type: 'string' }, images: { type: 'boolean' } },
  });
  if (values.images && (values.check || values.out !== undefined)) {
    process.stderr.write(`stack-docs: --images takes no other option\nusage: ${USAGE}\n`);
    process.exit(2);
  }
  const services = await loadServices();
  if (values.images) {
    process.stdout.write(`${imageLines(services)}\n`);
  } else {
    const dir = values.out ?? ROOT;
    const files: [string, (now: string) => string][] = [
      [join(dir, 'docs', 'stack.md'), (now) => withParts(now, stackPageParts(services))],
      [join(dir, '.env.example'), () => envExample(services)],
    ];
    const check = values.check === true;
    let stale = 0;
    for (const [file, make] of files) {
      let now = '';
      try {
        now = readFileSync(file, 'utf8');
      } catch {
        /* missing: stale */
      }
      const text = make(now);
      if (text === now) continue;
      if (check) {
        stale++;
        process.stderr.write(
          `${file} is stale: run ${COMMAND} (it is generated from stack/config.ts and stack/services/*.ts)\n`,
        );
      } else {
        writeFileSync(file, text);
        process.stdout.write(`written: ${file}\n`);
      }
    }
    process.exit(stale ? 1 : 0);
  }
}
