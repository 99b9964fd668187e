/**
 * The one place the reference platform's seeded mutations (REFERENCE_MUTATIONS, comma-separated) are applied:
 * server.ts calls applyMutations once at start and hands each part to the service it breaks. The catalogue is the
 * union of the area files of this folder; `MUTATIONS` names each with what it breaks.
 */
import type { Profile } from '../profile.ts';
import { PLAIN_TURN, type TurnSteps } from '../chat/turn-steps.ts';
import { PLAIN_DIALOG, type DialogSteps } from '../dialogs/dialog-steps.ts';
import { PLAIN_SERVER, type ServerSteps } from '../http/server-steps.ts';
import { PLAIN_KB, type KbSteps } from '../kb/kb-steps.ts';
import { PROFILE_MUTATIONS } from './profile.ts';
import { CHAT_MUTATIONS } from './chat.ts';
import { DIALOG_MUTATIONS } from './dialogs.ts';
import { SERVER_MUTATIONS } from './server.ts';
import { PAGE_MUTATIONS } from './page.ts';
import { KB_MUTATIONS } from './kb.ts';
import type { Wrapper } from './types.ts';

const what = <T>(m: Record<string, Wrapper<T>>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.what]));

/** Every mutation by name, with what it breaks. */
export const MUTATIONS: Readonly<Record<Mutation, string>> = {
  ...what(PROFILE_MUTATIONS),
  ...what(CHAT_MUTATIONS),
  ...what(DIALOG_MUTATIONS),
  ...what(SERVER_MUTATIONS),
  ...what(KB_MUTATIONS),
  ...PAGE_MUTATIONS,
} as Record<Mutation, string>;
export type Mutation =
  | keyof typeof PROFILE_MUTATIONS
  | keyof typeof CHAT_MUTATIONS
  | keyof typeof DIALOG_MUTATIONS
  | keyof typeof SERVER_MUTATIONS
  | keyof typeof KB_MUTATIONS
  | keyof typeof PAGE_MUTATIONS;

/** The mutation names of `raw` (REFERENCE_MUTATIONS); throws naming the unknown ones and the known. */
export function parseMutations(raw: string | undefined): Set<Mutation> {
  const names = (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(n in MUTATIONS));
  if (unknown.length)
    throw new Error(`REFERENCE_MUTATIONS: unknown ${unknown.join(', ')}; known: ${Object.keys(MUTATIONS).join(', ')}`);
  return new Set(names as Mutation[]);
}

/** What the platform runs with: the profile and each service's steps with `mutations` applied, and the page's names. */
export interface Mutated {
  profile: Profile;
  turn: TurnSteps;
  dialog: DialogSteps;
  server: ServerSteps;
  kb: KbSteps;
  /** The page mutations, for the page's scripts (window.__REFERENCE_MUTATIONS__). */
  page: string[];
}

function wrapAll<T>(plain: T, area: Record<string, Wrapper<T>>, mutations: ReadonlySet<string>): T {
  return Object.entries(area)
    .filter(([name]) => mutations.has(name))
    .reduce((t, [, m]) => m.wrap(t), plain);
}

/** `profile` and the plain steps of each service, each wrapped by the mutations among `mutations` that break it. */
export function applyMutations(profile: Profile, mutations: ReadonlySet<Mutation>): Mutated {
  return {
    profile: wrapAll(profile, PROFILE_MUTATIONS, mutations),
    turn: wrapAll(PLAIN_TURN, CHAT_MUTATIONS, mutations),
    dialog: wrapAll(PLAIN_DIALOG, DIALOG_MUTATIONS, mutations),
    server: wrapAll(PLAIN_SERVER, SERVER_MUTATIONS, mutations),
    kb: wrapAll(PLAIN_KB, KB_MUTATIONS, mutations),
    page: Object.keys(PAGE_MUTATIONS).filter((n) => mutations.has(n as Mutation)),
  };
}
