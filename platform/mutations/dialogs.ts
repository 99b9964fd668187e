/** Mutations of a dialog's run: wrappers of its steps (platform/dialogs/dialog-steps.ts). */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { DialogSteps } from '../dialogs/dialog-steps.ts';
import type { Wrapper } from './types.ts';

/** The folder the stack's dir (botserver-test-…) is in, above the platform's TMPDIR inside it; /tmp without one. */
function besideTheStack(): string {
  for (let d = tmpdir(); d !== dirname(d); d = dirname(d))
    if (basename(d).startsWith('botserver-test-')) return dirname(d);
  return '/tmp';
}

export const DIALOG_MUTATIONS = {
  'hear-ignores-answer': {
    what: "a regression: a dialog's HEAR stores an empty value whatever the visitor answered",
    wrap: (d) => ({ ...d, heard: () => '' }),
  },
  'doubled-greeting': {
    what: "a regression: a dialog's first TALK is said twice (a new session is greeted twice)",
    wrap: (d) => ({ ...d, talk: (said, at) => (at.first ? [...d.talk(said, at), said] : d.talk(said, at)) }),
  },
  'talk-block-split': {
    what: 'a regression: a BEGIN TALK block is sent as one message per line',
    wrap: (d) => ({
      ...d,
      talk: (said, at) =>
        at.block ? d.talk(said, at).flatMap((m) => m.split('\n').filter((l) => l.trim())) : d.talk(said, at),
    }),
  },
  'suggestion-sends-label': {
    what: 'a regression: a button of ADD SUGGESTION "value" AS "label" sends its label instead of its value',
    wrap: (d) => ({ ...d, suggestionMessage: (_value, label) => label }),
  },
  'temp-file-left': {
    what: "a regression: every dialog run leaves a file (gb_…, as BotServer names its own) in the temp dir the stack was made in — the machine's /tmp when run by hand — outside the stack",
    wrap: (d) => ({
      ...d,
      program: (statements) => {
        writeFileSync(
          join(besideTheStack(), `gb_reference_run_${randomUUID()}`),
          'left by the mutation temp-file-left\n',
        );
        return d.program(statements);
      },
    }),
  },
  'clear-suggestions-ignored': {
    what: 'a regression: CLEAR SUGGESTIONS removes nothing',
    // Once reached: a build that refuses the statement (HEAD) still refuses it.
    wrap: (d) => ({ ...d, clearsSuggestions: false }),
  },
} satisfies Record<string, Wrapper<DialogSteps>>;
