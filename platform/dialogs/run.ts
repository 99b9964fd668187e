/**
 * Runs a parsed dialog for one chat session (General Bots' RUNTIME mode as its docs describe it): statements run
 * in order; `HEAR` suspends the dialog until the visitor's next message, which becomes the variable's value (never
 * sent to the LLM); `HEAR … AS INTEGER|NUMBER` asks again, up to three times, when the answer does not fit, then
 * goes on with an empty value; `TALK` and suggestions go out through `DialogOutput` at once.
 */
import { PLAIN_DIALOG, type DialogSteps } from './dialog-steps.ts';
import { refusalKey, type Expr, type HearType, type Stmt, type Value } from './basic.ts';
import type { Refusal } from '../profile.ts';

export interface Suggestion {
  text: string;
  action?: string;
}

/** Where a dialog's output goes (the session's websocket; it may change when the visitor reconnects). */
export interface DialogOutput {
  talk(text: string): void;
  /** The suggestions in effect, sent when the dialog waits for the visitor or ends after they changed. */
  suggestions(list: Suggestion[]): void;
}

/** What a session's dialogs give the LLM (docs/contract.md "Tools, context and prompt blocks"): the tools offered
 * (`ADD TOOL`, in order), the contexts (`SET CONTEXT name AS text`, in order; a name set again keeps its place),
 * the system prompt block (`BEGIN SYSTEM PROMPT`, the last one run) and the knowledge bases searched on every turn
 * (`USE KB`, in order; docs/contract.md "Knowledge bases"). */
export interface LlmContext {
  tools: string[];
  contexts: Map<string, string>;
  systemPrompt?: string;
  kbs: string[];
}

export function emptyLlmContext(): LlmContext {
  return { tools: [], contexts: new Map(), kbs: [] };
}

/** How a step of the dialog ended: it waits for the visitor's next message, it ended, or it failed. */
export type RunState = { state: 'waiting' } | { state: 'ended' } | { state: 'failed'; error: string };

export class DialogRuntimeError extends Error {}

/** The re-ask of a typed HEAR whose answer does not fit (General Bots' docs: "a helpful error message"). */
export const RETRY_PROMPT: Record<Exclude<HearType, 'TEXT'>, string> = {
  INTEGER: 'Please enter a whole number (for example 42).',
  NUMBER: 'Please enter a number (for example 3.5).',
};
const MAX_ATTEMPTS = 3;

function fits(type: HearType | undefined, text: string): Value | undefined {
  const t = text.trim();
  if (!type || type === 'TEXT') return t;
  const plain = t.replace(/[,\s]/g, '');
  if (type === 'INTEGER') return /^-?\d+$/.test(plain) ? Number(plain) : undefined;
  return /^-?\d+(\.\d+)?$/.test(plain) ? Number(plain) : undefined;
}

const text = (v: Value) => (typeof v === 'number' && Number.isInteger(v) ? String(v) : String(v));
const num = (v: Value, line: number) => {
  const n = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number(v.trim());
  if (v === '' || Number.isNaN(n)) throw new DialogRuntimeError(`line ${line}: ${JSON.stringify(v)} is not a number`);
  return n;
};
const numeric = (v: Value) =>
  typeof v === 'number' || (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)));

function evaluate(e: Expr, vars: Map<string, Value>, line: number): Value {
  switch (e.kind) {
    case 'lit':
      return e.value;
    case 'var': {
      if (!vars.has(e.name)) throw new DialogRuntimeError(`line ${line}: ${e.name} has no value`);
      return vars.get(e.name)!;
    }
    case 'not':
      return !evaluate(e.arg, vars, line);
    case 'neg':
      return -num(evaluate(e.arg, vars, line), line);
    case 'bin': {
      const a = evaluate(e.left, vars, line);
      if (e.op === 'AND') return !!a && !!evaluate(e.right, vars, line);
      if (e.op === 'OR') return !!a || !!evaluate(e.right, vars, line);
      const b = evaluate(e.right, vars, line);
      if (e.op === '&') return text(a) + text(b);
      if (e.op === '+') return typeof a === 'number' && typeof b === 'number' ? a + b : text(a) + text(b);
      if (e.op === '-') return num(a, line) - num(b, line);
      if (e.op === '*') return num(a, line) * num(b, line);
      if (e.op === '/') return num(a, line) / num(b, line);
      const [x, y] = numeric(a) && numeric(b) ? [num(a, line), num(b, line)] : [text(a), text(b)];
      switch (e.op) {
        case '=':
          return x === y;
        case '<>':
          return x !== y;
        case '<':
          return x < y;
        case '>':
          return x > y;
        case '<=':
          return x <= y;
        case '>=':
          return x >= y;
      }
    }
  }
  throw new DialogRuntimeError(`line ${line}: cannot evaluate`);
}

/**
 * One session's run of a dialog. `next()` resolves when the dialog waits for the visitor or has ended;
 * `answer(text)` hands it the visitor's message and resolves the same way.
 */
export class DialogRun {
  out: DialogOutput;
  private readonly vars = new Map<string, Value>();
  private suggestions: Suggestion[] = [];
  private suggestionsChanged = false;
  private input: ((t: string) => void) | undefined;
  private settle!: (s: RunState) => void;
  private settled!: Promise<RunState>;
  /** The dialog's file, for messages (`<bot>.gbai/<bot>.gbdialog/start.bas`). */
  readonly where: string;
  /** Set once the dialog failed at run time. */
  failed = false;

  /** Where the dialog's ADD TOOL, SET CONTEXT and BEGIN SYSTEM PROMPT go (the session's, kept after the run). */
  private readonly llm: LlmContext;

  /** `opts.vars`: variables set before the first statement (a tool's arguments, by parameter name). */
  /** The steps a run calls (PLAIN_DIALOG, or wrapped by seeded mutations: platform/mutations/dialogs.ts). */
  private readonly steps: DialogSteps;
  /** What the build refuses once a statement is reached (its profile's `refuses` with `when: 'reached'`): the
   * statements before it have run (HEAD's CLEAR SUGGESTIONS, measured 2026-12-02). */
  private readonly refuses: Readonly<Record<string, Refusal>>;

  /** Whether a TALK has been said (DialogSteps.talk's `first`). */
  private talked = false;

  constructor(
    program: Stmt[],
    out: DialogOutput,
    opts: {
      where?: string;
      llm?: LlmContext;
      vars?: Record<string, Value>;
      steps?: DialogSteps;
      refuses?: Readonly<Record<string, Refusal>>;
    } = {},
  ) {
    this.out = out;
    this.where = opts.where ?? 'dialog';
    this.llm = opts.llm ?? emptyLlmContext();
    this.steps = opts.steps ?? PLAIN_DIALOG;
    this.refuses = opts.refuses ?? {};
    for (const [k, v] of Object.entries(opts.vars ?? {})) this.vars.set(k.toLowerCase(), v);
    this.arm();
    this.block(this.steps.program(program)).then(
      () => {
        this.flushSuggestions();
        this.settle({ state: 'ended' });
      },
      // What the dialog added before it failed stays offered (the builds keep suggestions as they are added).
      (e) => {
        this.failed = true;
        this.flushSuggestions();
        this.settle({ state: 'failed', error: (e as Error).message });
      },
    );
  }

  get waiting(): boolean {
    return this.input !== undefined;
  }

  next(): Promise<RunState> {
    return this.settled;
  }

  answer(text: string): Promise<RunState> {
    const give = this.input;
    if (!give) throw new Error('the dialog is not waiting for an answer');
    this.input = undefined;
    this.arm();
    give(text);
    return this.settled;
  }

  private arm(): void {
    this.settled = new Promise((r) => (this.settle = r));
  }

  private flushSuggestions(): void {
    if (!this.suggestionsChanged) return;
    this.suggestionsChanged = false;
    this.out.suggestions([...this.suggestions]);
  }

  private hear(): Promise<string> {
    this.flushSuggestions();
    const p = new Promise<string>((r) => (this.input = r));
    this.settle({ state: 'waiting' });
    return p;
  }

  private async block(stmts: Stmt[]): Promise<void> {
    for (const s of stmts) await this.statement(s);
  }

  private async statement(s: Stmt): Promise<void> {
    const refused = this.refuses[refusalKey(s)];
    if (refused?.when === 'reached') throw new DialogRuntimeError(`${refused.message} (line ${s.line})`);
    switch (s.kind) {
      case 'talk': {
        const said = text(evaluate(s.expr, this.vars, s.line));
        for (const message of this.steps.talk(said, { first: !this.talked, block: !!s.block })) this.out.talk(message);
        this.talked = true;
        return;
      }
      case 'set':
        this.vars.set(s.name, evaluate(s.expr, this.vars, s.line));
        return;
      case 'if':
        return this.block(evaluate(s.cond, this.vars, s.line) ? s.then : s.else);
      case 'suggest':
        this.suggestions.push({
          text: text(evaluate(s.text, this.vars, s.line)),
          // A value of its own goes in the builds' action shape, `{"message":value,"type":"send_message"}` (§11.8).
          ...(s.value
            ? {
                action: JSON.stringify({
                  message: this.steps.suggestionMessage(
                    text(evaluate(s.value, this.vars, s.line)),
                    text(evaluate(s.text, this.vars, s.line)),
                  ),
                  type: 'send_message',
                }),
              }
            : s.action
              ? { action: text(evaluate(s.action, this.vars, s.line)) }
              : {}),
        });
        this.suggestionsChanged = true;
        return;
      case 'add-tool': {
        const name = text(evaluate(s.name, this.vars, s.line));
        if (!this.llm.tools.includes(name)) this.llm.tools.push(name);
        return;
      }
      case 'use-kb': {
        const kb = text(evaluate(s.name, this.vars, s.line));
        if (!this.llm.kbs.includes(kb)) this.llm.kbs.push(kb);
        return;
      }
      case 'set-context':
        this.llm.contexts.set(text(evaluate(s.name, this.vars, s.line)), text(evaluate(s.text, this.vars, s.line)));
        return;
      case 'system-prompt':
        this.llm.systemPrompt = s.text;
        return;
      case 'param':
      case 'description':
        return; // a tool's declarations: its schema (basic.ts toolSchema), nothing to run
      case 'clear-suggestions':
        if (!this.steps.clearsSuggestions) return;
        this.suggestions = [];
        this.suggestionsChanged = false;
        return;
      case 'hear': {
        for (let attempt = 1; ; attempt++) {
          const heard = await this.hear();
          const answer = this.steps.heard(heard);
          const value = fits(s.as, answer);
          if (value !== undefined) return void this.vars.set(s.name, value);
          if (attempt >= MAX_ATTEMPTS) return void this.vars.set(s.name, '');
          this.out.talk(RETRY_PROMPT[s.as as Exclude<HearType, 'TEXT'>]);
        }
      }
    }
  }
}
