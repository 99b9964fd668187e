/**
 * The steps of a dialog's run that the reference platform's seeded mutations wrap (platform/mutations/dialogs.ts):
 * the platform's own behaviour is PLAIN_DIALOG; a run (run.ts) calls these and never asks which mutation runs.
 */
import type { Stmt } from './basic-types.ts';

export interface DialogSteps {
  /** The statements a run executes, from the compiled dialog's. */
  program(statements: Stmt[]): Stmt[];
  /** The messages one TALK sends (`first`: the run's first TALK; `block`: a BEGIN TALK … END TALK block). */
  talk(said: string, at: { first: boolean; block: boolean }): string[];
  /** The message a button of ADD SUGGESTION "value" AS "label" sends. */
  suggestionMessage(value: string, label: string): string;
  /** What HEAR takes of the visitor's answer. */
  heard(answer: string): string;
  /** Whether CLEAR SUGGESTIONS, once reached (and not refused by the build), removes the suggestions. */
  clearsSuggestions: boolean;
}

export const PLAIN_DIALOG: DialogSteps = {
  program: (statements) => statements,
  talk: (said) => [said],
  suggestionMessage: (value) => value,
  heard: (answer) => answer,
  clearsSuggestions: true,
};
