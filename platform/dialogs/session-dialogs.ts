/**
 * The dialogs of chat sessions: the bot's `start` dialog runs on the first message of a new session (contract
 * §5.4 step 2), from its compiled form in the work dir; while it waits at a `HEAR`, the visitor's messages are
 * its answers. What each profile does with a dialog that cannot run (§11.8):
 * - `intended`: the visitor is told (a frame with `error`) and the message is not passed on; the author finds the
 *   file and line in the log (`dialog: <bot>.gbai/<bot>.gbdialog/start.bas error: …`);
 * - `pre`/`head`: `HEAR … AS …` (PRE: any `HEAR`) and syntax errors fail when the dialog starts, before any
 *   `TALK`, with a log line only; the message goes to the LLM as if there were no dialog.
 */
import type { DialogSteps } from './dialog-steps.ts';
import { readFile } from 'node:fs/promises';
import { DialogSyntaxError, parseDialog, refusalKey, some, type Stmt } from './basic.ts';
import {
  DialogRun,
  emptyLlmContext,
  type DialogOutput,
  type LlmContext,
  type RunState,
  type Suggestion,
} from './run.ts';
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
  /** What each session's dialogs gave the LLM: tools, contexts, the system prompt block. */
  private readonly llmBySession = new Map<string, LlmContext>();
  /** `steps`: what every run calls (PLAIN_DIALOG, or wrapped by seeded mutations: platform/mutations/dialogs.ts). */
  private readonly deps: { monitor: DriveMonitor; profile: Profile; steps?: DialogSteps };

  constructor(deps: SessionDialogs['deps']) {
    this.deps = deps;
  }

  /** The drive monitor whose work dir holds the compiled dialogs, tool schemas and prompt.md. */
  get monitor(): DriveMonitor {
    return this.deps.monitor;
  }

  /** Keeps the suggestions a session's dialog offers (`pre`/`head`: sent with every later turn, platform/chat/). */
  offer(sessionId: string, list: Suggestion[]): void {
    this.offeredBySession.set(sessionId, list);
  }

  /** The suggestions in effect for a session (none: an empty list). */
  offered(sessionId: string): Suggestion[] {
    return this.offeredBySession.get(sessionId) ?? [];
  }

  /** What the session's dialogs gave the LLM so far (ADD TOOL, SET CONTEXT, BEGIN SYSTEM PROMPT). */
  llmContext(sessionId: string): LlmContext {
    let c = this.llmBySession.get(sessionId);
    if (!c) this.llmBySession.set(sessionId, (c = emptyLlmContext()));
    return c;
  }

  /**
   * Runs tool dialog `tool` of `bot` for a call of the LLM (docs/contract.md "Tools"): its compiled form from the
   * work dir, every PARAM a variable (the call's argument, '' when not given). Returns what its TALKs said, in
   * order; throws an Error saying why it could not run (not one of the session's tools, no compiled dialog, its
   * arguments not a JSON object, a syntax or run-time error).
   */
  async runTool(bot: string, sessionId: string, tool: string, argsJson: string): Promise<string[]> {
    if (!this.llmContext(sessionId).tools.includes(tool))
      throw new Error(
        `the LLM called ${tool}, which is not one of this session's tools (${this.llmContext(sessionId).tools.join(', ') || 'none'})`,
      );
    const where = `${bot}.gbai/${bot}.gbdialog/${tool}.bas`;
    const source = await readFile(this.deps.monitor.compiledPath(bot, tool), 'utf8').catch(() => undefined);
    if (source === undefined) throw new Error(`${where} is not compiled`);
    let args: Record<string, unknown>;
    try {
      args = JSON.parse(argsJson || '{}');
      if (!args || typeof args !== 'object' || Array.isArray(args)) throw new Error('not an object');
    } catch (e) {
      throw new Error(
        `the arguments of ${tool} are not a JSON object (${(e as Error).message}): ${argsJson.slice(0, 200)}`,
        { cause: e },
      );
    }
    const program = parseDialog(source);
    const vars = Object.fromEntries(
      program
        .filter((s) => s.kind === 'param')
        .map((p) => {
          const v = args[(p as { name: string }).name];
          return [
            (p as { name: string }).name,
            typeof v === 'number' || typeof v === 'boolean' ? v : v === undefined || v === null ? '' : String(v),
          ];
        }),
    );
    const said: string[] = [];
    const run = new DialogRun(
      program,
      { talk: (t) => said.push(t), suggestions: () => undefined },
      { where, llm: this.llmContext(sessionId), vars, steps: this.deps.steps },
    );
    const state = await run.next();
    if (state.state === 'failed') throw new Error(`${where}: ${state.error}`);
    if (state.state === 'waiting') throw new Error(`${where} waits for the visitor (HEAR): a tool runs to its end`);
    return said;
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
      return this.cannotRun(where, e instanceof DialogSyntaxError ? this.syntaxMessage(e) : (e as Error).message, out);
    }
    const run = new DialogRun(program, out, {
      where,
      llm: this.llmContext(sessionId),
      steps: this.deps.steps,
      refuses: this.deps.profile.dialogs.refuses,
    });
    this.runs.set(sessionId, run);
    return this.after(sessionId, where, await run.next(), out);
  }

  /** What the measured builds cannot run (§11.8): any HEAR, with AS or without (PRE and HEAD), and the statements
   * their profile lists in `dialogs.refuses` (with the build's own message). */
  private refusedByBuild(program: Stmt[]): void {
    const { hearFails, refuses } = this.deps.profile.dialogs;
    const hear = hearFails ? some(program, (s) => s.kind === 'hear') : undefined;
    if (hear) throw new DialogSyntaxError(hear.line, "Expecting 'AS' for 'HEAR' expression");
    const refused = some(program, (s) => refuses[refusalKey(s)]?.when === 'start');
    if (refused) throw new DialogSyntaxError(refused.line, refuses[refusalKey(refused)]!.message);
  }

  /** A syntax error as the profile's build words it: the builds' "Syntax error: <what> (line N)" (PRE and HEAD:
   * "Open string is not terminated" for a string not closed; recorded/<build>/dialog-session.jsonl); intended: ours. */
  private syntaxMessage(e: DialogSyntaxError): string {
    if (this.deps.profile.dialogs.syntaxErrors !== 'silent') return `Syntax error: ${e.message}`;
    const what = e.message
      .replace(/^line \d+: /, '')
      .replace(/ in: .*$/, '')
      .replace(/^Syntax error: /, '')
      .replace(/^a string is not closed \(missing "\)$/, 'Open string is not terminated');
    return `Syntax error: ${what} (line ${e.line})`;
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
