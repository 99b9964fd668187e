/** Mutations of a dialog's run: wrappers of its steps (platform/dialogs/dialog-steps.ts). */
import type { DialogSteps } from '../dialogs/dialog-steps.ts';
import type { Wrapper } from './types.ts';

export const DIALOG_MUTATIONS = {
  'hear-ignores-answer': {
    what: 'a regression: a dialog\'s HEAR stores an empty value whatever the visitor answered',
    wrap: (d) => ({ ...d, heard: () => '' }),
  },
  'doubled-greeting': {
    what: 'a regression: a dialog\'s first TALK is said twice (a new session is greeted twice)',
    wrap: (d) => ({ ...d, talk: (said, at) => (at.first ? [...d.talk(said, at), said] : d.talk(said, at)) }),
  },
  'talk-block-split': {
    what: 'a regression: a BEGIN TALK block is sent as one message per line',
    wrap: (d) => ({ ...d, talk: (said, at) => (at.block ? d.talk(said, at).flatMap((m) => m.split('\n').filter((l) => l.trim())) : d.talk(said, at)) }),
  },
  'suggestion-sends-label': {
    what: 'a regression: a button of ADD SUGGESTION "value" AS "label" sends its label instead of its value',
    wrap: (d) => ({ ...d, suggestionMessage: (_value, label) => label }),
  },
  'clear-suggestions-ignored': {
    what: 'a regression: CLEAR SUGGESTIONS removes nothing',
    // Once reached: a build that refuses the statement (HEAD) still refuses it.
    wrap: (d) => ({ ...d, clearsSuggestions: false }),
  },
} satisfies Record<string, Wrapper<DialogSteps>>;
