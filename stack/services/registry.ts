/**
 * The registry of a TemporaryStack's services: every file of this folder but this one and types.ts is a service
 * (its default export, a StackService), found when the stack starts. Adding a service is adding its file
 * (CONTRIBUTING.md: Adding a stack service). The registry checks each (a clear error naming the file), leaves out
 * what a stack does not run (`when`), and orders the rest by their needs into waves: a wave starts together once
 * every earlier one is ready. Start-up, state.json, exports, diagnostics and the watchdog all loop over what the
 * waves started.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SETTINGS, type Setting } from '../config.ts';
import type { StackContext, StackService } from './types.ts';

/** The stack's own export, its temp dir (stack/temporary-stack.ts), beside those its services' files list. */
export const STACK_DIR_EXPORT = 'BOTSERVER_TEMP_STACK_DIR';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const NOT_SERVICES = new Set(['registry.ts', 'types.ts']);

/** The service files of `dir` (default: this folder), sorted by name. */
export function serviceFiles(dir = HERE): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !NOT_SERVICES.has(f))
    .sort()
    .map((f) => join(dir, f));
}

/** Whether `s` is a setting: an environment variable's name (capitals), a default and a meaning. */
function isSetting(s: unknown): boolean {
  const o = s as Partial<Setting> | undefined;
  return (
    !!o && /^[A-Z][A-Z0-9_]*$/.test(String(o.name)) && typeof o.default === 'string' && typeof o.meaning === 'string'
  );
}

/** Every setting a service reads: its image's first, then its other settings. */
export function settingsOf(s: StackService): Setting[] {
  return [...(s.image ? [s.image] : []), ...(s.settings ?? [])];
}

/** A service file's check: the StackService it exports, or an error naming the file and what it lacks. */
function checked(file: string, svc: unknown): StackService {
  const s = svc as Partial<StackService> | undefined;
  const where = `stack/services/${basename(file)}`;
  const missing =
    !s || typeof s !== 'object'
      ? ['a default export']
      : [
          ...(typeof s.key === 'string' && s.key ? [] : ['key']),
          ...(Array.isArray(s.needs) || typeof s.needs === 'function' ? [] : ['needs']),
          ...(s.start &&
          (typeof (s.start as { any?: unknown }).any === 'function' ||
            ['local', 'containers'].every((p) => typeof (s.start as Record<string, unknown>)[p] === 'function'))
            ? []
            : ['start (`any`, or `local` and `containers`)']),
          ...(Array.isArray(s.exports) ? [] : ['exports']),
          ...(typeof s.faults === 'boolean' ? [] : ['faults']),
          ...(s.image === undefined || isSetting(s.image) ? [] : ['an `image` with name, default and meaning']),
          ...(s.settings === undefined || (Array.isArray(s.settings) && s.settings.every(isSetting))
            ? []
            : ['`settings` each with name, default and meaning']),
        ];
  if (missing.length)
    throw new Error(
      `${where} is not a stack service: it lacks ${missing.join(', ')} (stack/services/types.ts says what a service is)`,
    );
  return s as StackService;
}

/**
 * Every service of `dir`, imported and checked. Throws naming a file that is no service, a key used twice, or a
 * setting declared twice (by two services, or by a service and stack/config.ts).
 */
export async function loadServices(dir = HERE): Promise<StackService[]> {
  const all = await Promise.all(
    serviceFiles(dir).map(async (f) =>
      checked(f, ((await import(pathToFileURL(f).href)) as { default?: unknown }).default),
    ),
  );
  const seen = new Set<string>();
  for (const s of all) {
    if (seen.has(s.key)) throw new Error(`two services in stack/services/ have the key "${s.key}": give each its own`);
    seen.add(s.key);
  }
  const names = new Map<string, string>(SETTINGS.map((g) => [g.name, 'stack/config.ts']));
  for (const s of all)
    for (const { name } of settingsOf(s)) {
      if (names.has(name))
        throw new Error(
          `stack/services/${s.key}.ts declares the setting ${name}, which ${names.get(name)} declares too: name it otherwise`,
        );
      names.set(name, `stack/services/${s.key}.ts`);
    }
  return all;
}

/** A service's needs among `running` (the keys it names that this stack runs). */
function needsOf(s: StackService, running: readonly StackService[], resolved: Map<string, string[]>): string[] {
  const known = resolved.get(s.key);
  if (known) return known;
  const keys = new Set(running.map((o) => o.key));
  const others = running.filter((o) => o !== s);
  // Whether `other` needs `s`, through fixed needs only (a function's needs are resolved once, below).
  const needsThis = (other: StackService): boolean => {
    const seen = new Set<string>();
    const walk = (o: StackService): boolean => {
      if (seen.has(o.key) || typeof o.needs === 'function') return false;
      seen.add(o.key);
      return (
        o.needs.includes(s.key) ||
        o.needs.some((k) => {
          const n = running.find((r) => r.key === k);
          return !!n && walk(n);
        })
      );
    };
    return walk(other);
  };
  const named = typeof s.needs === 'function' ? s.needs(others, needsThis) : [...s.needs];
  const list = named.filter((k) => keys.has(k) && k !== s.key);
  resolved.set(s.key, list);
  return list;
}

/** The services this stack runs (their `when`), each with its wave (1 = needs nothing). Throws on a cycle. */
export function waves(all: readonly StackService[], ctx: StackContext): { service: StackService; wave: number }[] {
  for (const s of all) {
    const named = [...(Array.isArray(s.needs) ? s.needs : []), ...(s.then?.needs ?? [])];
    const unknown = named.filter((k) => !all.some((o) => o.key === k));
    if (unknown.length)
      throw new Error(
        `stack/services/${s.key}.ts needs ${unknown.map((k) => `"${k}"`).join(', ')}, which no file of stack/services/ is (the keys: ${all.map((o) => o.key).join(', ')})`,
      );
  }
  const running = all.filter((s) => s.when?.(ctx) ?? true);
  const resolved = new Map<string, string[]>();
  const wave = new Map<string, number>();
  const visiting = new Set<string>();
  const waveOf = (s: StackService): number => {
    const known = wave.get(s.key);
    if (known) return known;
    if (visiting.has(s.key))
      throw new Error(
        `the needs of stack/services/ go round in a circle through "${s.key}": one of them must not need the other`,
      );
    visiting.add(s.key);
    // `then.needs` hold back only those that need this service: it starts with its own needs, its `then` runs later.
    const own =
      typeof s.needs === 'function'
        ? needsOf(s, running, resolved)
        : s.needs.filter((k) => running.some((r) => r.key === k));
    const w = 1 + Math.max(0, ...own.map((k) => readyWave(running.find((r) => r.key === k)!)));
    visiting.delete(s.key);
    wave.set(s.key, w);
    return w;
  };
  // The wave after which a service is ready for what needs it: its own, or that of its `then` step's needs.
  const readyWave = (s: StackService): number =>
    Math.max(
      waveOf(s),
      ...(s.then?.needs ?? [])
        .filter((k) => running.some((r) => r.key === k))
        .map((k) => waveOf(running.find((r) => r.key === k)!)),
    );
  return running.map((service) => ({ service, wave: waveOf(service) }));
}

/** The wave after which `s`'s `then` step runs (its own wave, or the latest of its `then.needs`). */
export function thenWave(s: StackService, planned: { service: StackService; wave: number }[]): number {
  const w = (k: string) => planned.find((p) => p.service.key === k)?.wave ?? 0;
  return Math.max(w(s.key), ...(s.then?.needs ?? []).map(w));
}

/** A service's name in state.json and of its log, in this stack. */
export function stateNameOf(s: StackService, ctx: StackContext): string {
  return s.stateName?.(ctx) ?? s.key;
}

/**
 * The platform and what needs it (botui) among `plan`, in start order (by wave: the platform first): what a
 * platform restart stops (in reverse) and starts again, and what a shutdown stops first.
 */
export function platformSide(plan: readonly { service: StackService; wave: number }[]): StackService[] {
  return plan
    .filter(
      (p) => p.service.key === 'platform' || (Array.isArray(p.service.needs) && p.service.needs.includes('platform')),
    )
    .sort((a, b) => a.wave - b.wave)
    .map((p) => p.service);
}
