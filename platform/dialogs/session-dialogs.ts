/**
 * The dialogs of chat sessions: the bot's `start` dialog runs on the first message of a new session (contract
 * §5.4 step 2), from its compiled form in the work dir; while it waits at a `HEAR`, the visitor's messages are
 * its answers. What each profile does with a dialog that cannot run (§11.8):
 * - `intended`: the visitor is told (a frame with `error`) and the message is not passed on; the author finds the
 *   file and line in the log (`dialog: <bot>.gbai/<bot>.gbdialog/start.bas error: …`);
 * - `pre`/`head`: `HEAR … AS …` (PRE: any `HEAR`) and syntax errors fail when the dialog starts, before any
 *   `TALK`, with a log line only; the message goes to the LLM as if there were no dialog.
 */
import { readFile } from 'node:fs/promises';
import { DialogSyntaxError, parseDialog, some, type Stmt } from './basic.ts';
import { DialogRun, type DialogOutput, type RunState, type Suggestion } from './run.ts';
import type { DriveMonitor } from './drive-monitor.ts';
import type { Profile } from '../profile.ts';

/** What the turn does after the dialog: `llm` — the message goes on to the LLM; `done` — the dialog took it. */
export type DialogOutcome = 'llm' | 'done';

export interface DialogTurnOutput extends DialogOutput {
  /** Intended only: the visitor is told that the bot's dialog cannot run. */
  error(message: string): void;
}

export class SessionDialogs {
  private readonly runs = new Map<string, DialogRun>();
  /** The suggestions in effect per session, where the builds send them with later frames (pre, head). */
  private readonly offeredBySession = new Map<string, Suggestion[]>();
  private readonly deps: { monitor: DriveMonitor; profile: Profile; ignoreAnswers?: boolean };

  constructor(deps: SessionDialogs['deps']) {
    this.deps = deps;
  }

  /** Keeps the suggestions a session's dialog offers (`pre`/`head`: sent with every later turn, platform/chat/). */
  offer(sessionId: string, list: Suggestion[]): void {
    this.offeredBySession.set(sessionId, list);
  }

  /** The suggestions in effect for a session (none: an empty list). */
  offered(sessionId: string): Suggestion[] {
    return this.offeredBySession.get(sessionId) ?? [];
  }

  /** Whether the session's dialog waits for the visitor's answer. */
  waiting(sessionId: string): boolean {
    return this.runs.get(sessionId)?.waiting ?? false;
  }

  /** Hands the visitor's message to the session's waiting dialog. */
  async answer(sessionId: string, text: string, out: DialogTurnOutput): Promise<DialogOutcome> {
    const run = this.runs.get(sessionId)!;
    run.out = out;
    const outcome = this.after(sessionId, run.where, await run.answer(text), out);
    // A dialog that took the answer and ended has answered the visitor: the message is not the LLM's.
    return outcome === 'llm' && !run.failed ? 'done' : outcome;
  }

  /** The first message of a new session: runs the bot's start dialog, if it has one. */
  async start(bot: string, sessionId: string, out: DialogTurnOutput): Promise<DialogOutcome> {
    const where = `${bot}.gbai/${bot}.gbdialog/start.bas`;
    const compileError = this.deps.monitor.compileErrors.get(where);
    if (compileError) return this.cannotRun(where, `compile error: ${compileError}`, out);
    let source: string;
    try {
      source = await readFile(this.deps.monitor.compiledPath(bot, 'start'), 'utf8');
    } catch {
      return 'llm'; // no start dialog: the message goes to the LLM
    }
    let program: Stmt[];
    try {
      program = parseDialog(source);
      this.refusedByBuild(program);
    } catch (e) {
      return this.cannotRun(where, e instanceof DialogSyntaxError ? `Syntax error: ${e.message}` : (e as Error).message, out);
    }
    const run = new DialogRun(program, out, { ignoreAnswers: this.deps.ignoreAnswers, where });
    this.runs.set(sessionId, run);
    return this.after(sessionId, where, await run.next(), out);
  }

  /** What the measured builds cannot run (§11.8): any HEAR, with AS or without (PRE and HEAD). */
  private refusedByBuild(program: Stmt[]): void {
    if (!this.deps.profile.dialogs.hearFails) return;
    const hear = some(program, (s) => s.kind === 'hear');
    if (hear) throw new DialogSyntaxError(hear.line, "Expecting 'AS' for 'HEAR' expression");
  }

  private cannotRun(where: string, reason: string, out: DialogTurnOutput): DialogOutcome {
    console.error(`dialog: ${where} error: ${reason}`);
    if (this.deps.profile.dialogs.syntaxErrors === 'silent') return 'llm';
    out.error(`This bot's dialog could not run (${where.split('/').pop()}). Its author has been told in the log.`);
    return 'done';
  }

  private after(sessionId: string, where: string, state: RunState, out: DialogTurnOutput): DialogOutcome {
    if (state.state === 'waiting') return 'done';
    this.runs.delete(sessionId);
    if (state.state === 'failed') return this.cannotRun(where, state.error, out);
    return 'llm';
  }
}
