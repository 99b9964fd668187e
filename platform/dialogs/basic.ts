/**
 * The BASIC subset of General Bots dialogs that the suite's bots use, as General Bots' docs describe the
 * language (written here from those docs, nothing copied): `TALK expr`, `HEAR name [AS TEXT|INTEGER|NUMBER]`,
 * `[LET] name = expr`, `IF cond THEN … [ELSE …] END IF`, `ADD SUGGESTION "text" [, "action"]`,
 * `ADD SUGGESTION TEXT "value" AS "label"`, `ADD SUGGESTION "value" AS "label"`, `CLEAR SUGGESTIONS`; the
 * LLM-first statements (docs/contract.md "Tools, context and prompt blocks"): a tool dialog's
 * `PARAM name AS type [LIKE "example"] [DESCRIPTION "…"] [OPTIONAL]` and `DESCRIPTION "…"`, `ADD TOOL "name"`,
 * `SET CONTEXT "name" AS "text"`, `USE KB "name"` (the session's turns get passages from that knowledge base,
 * docs/contract.md "Knowledge bases"), the blocks `BEGIN SYSTEM PROMPT … END SYSTEM PROMPT` and `BEGIN TALK … END TALK`
 * (one message, its lines kept as written, `${name}` replaced by the variable),
 * comments (`'`, `REM`). Expressions: strings, numbers, TRUE/FALSE, variables, `+` (adds numbers, else joins
 * text), `- * /`, comparisons `= <> < > <= >=`, AND, OR, NOT, parentheses. Keywords in any case; a line may end in
 * `;` (the compiled form the builds write, contract §11.8).
 */
import { DialogSyntaxError, Line, expr, show, tokenize } from './basic-syntax.ts';
import type { Expr, HearType, Stmt } from './basic-types.ts';
export type { Expr, HearType, Stmt, Value } from './basic-types.ts';
export { DialogSyntaxError } from './basic-syntax.ts';
export { toolSchema } from './tool-schema.ts';
const HEAR_TYPES: Record<string, HearType> = {
  TEXT: 'TEXT',
  STRING: 'TEXT',
  INTEGER: 'INTEGER',
  NUMBER: 'NUMBER',
  FLOAT: 'NUMBER',
  DECIMAL: 'NUMBER',
};

/** PARAM's types as the tool's JSON schema names them (General Bots' docs: STRING, INTEGER, NUMBER, BOOLEAN, DATE). */
const PARAM_TYPES: Record<string, string> = {
  STRING: 'string',
  TEXT: 'string',
  INTEGER: 'integer',
  NUMBER: 'number',
  DECIMAL: 'number',
  BOOLEAN: 'boolean',
  DATE: 'string',
};

/** A `BEGIN TALK` block's text as an expression: the text as written, each `${name}` the variable's value. */
function talkBlock(text: string): Expr {
  const parts = text.split(/\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/);
  let e: Expr = { kind: 'lit', value: parts[0]! };
  for (let i = 1; i < parts.length; i += 2) {
    e = { kind: 'bin', op: '&', left: e, right: { kind: 'var', name: parts[i]!.toLowerCase() } };
    if (parts[i + 1]) e = { kind: 'bin', op: '&', left: e, right: { kind: 'lit', value: parts[i + 1]! } };
  }
  return e;
}

/** The blocks whose lines are text, not statements: their opening line, closing line and statement kind. */
const BLOCKS = [
  { open: 'BEGIN TALK', close: 'END TALK', kind: 'talk' },
  { open: 'BEGIN SYSTEM PROMPT', close: 'END SYSTEM PROMPT', kind: 'system-prompt' },
] as const;

export function parseDialog(source: string): Stmt[] {
  type SourceLine = { n: number; text: string; block?: { kind: 'talk' | 'system-prompt'; text: string } };
  const raw = source.split(/\r?\n/);
  const lines: SourceLine[] = [];
  for (let i = 0; i < raw.length; i++) {
    const text = raw[i]!.trim().replace(/;\s*$/, '').trim();
    const opened = BLOCKS.find((b) => text.toUpperCase().replace(/\s+/g, ' ') === b.open);
    if (opened) {
      // A block's lines are kept as written (blank lines too), up to its closing line.
      const body: string[] = [];
      let j = i + 1;
      const closes = (l: string) =>
        l.trim().replace(/;\s*$/, '').trim().toUpperCase().replace(/\s+/g, ' ') === opened.close;
      while (j < raw.length && !closes(raw[j]!)) body.push(raw[j++]!.replace(/\s+$/, ''));
      if (j >= raw.length) throw new DialogSyntaxError(i + 1, `${opened.open} without ${opened.close}`);
      lines.push({ n: i + 1, text, block: { kind: opened.kind, text: body.join('\n').trim() } });
      i = j;
      continue;
    }
    if (text && !text.startsWith("'") && !/^REM(\s|$)/i.test(text)) lines.push({ n: i + 1, text });
  }
  let at = 0;
  const block = (closers: string[]): { body: Stmt[]; closer?: string } => {
    const body: Stmt[] = [];
    while (at < lines.length) {
      const { n, text } = lines[at]!;
      const upper = text.toUpperCase().replace(/\s+/g, ' ');
      const closer = closers.find((c) => upper === c);
      if (closer) {
        at++;
        return { body, closer };
      }
      const { block: b } = lines[at]!;
      at++;
      if (b)
        body.push(
          b.kind === 'talk'
            ? { kind: 'talk', line: n, expr: talkBlock(b.text), block: true }
            : { kind: 'system-prompt', line: n, text: b.text },
        );
      else {
        try {
          body.push(statement(new Line(tokenize(text, n), n)));
        } catch (e) {
          // The refused line is quoted, so that an author (and the census) sees which statement it was.
          if (e instanceof DialogSyntaxError)
            throw new DialogSyntaxError(
              n,
              `${e.message.replace(/^line \d+: /, '')} in: ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`,
            );
          throw e;
        }
      }
    }
    return { body };
  };
  const statement = (l: Line): Stmt => {
    const first = l.peek();
    if (first?.t !== 'word')
      throw new DialogSyntaxError(l.n, `a statement cannot start with ${first ? show(first) : 'nothing'}`);
    const kw = first.v.toUpperCase();
    if (kw === 'TALK') {
      l.next();
      const e = expr(l);
      l.end();
      return { kind: 'talk', line: l.n, expr: e };
    }
    if (kw === 'HEAR') {
      l.next();
      const name = l.name('a variable after HEAR');
      let as: HearType | undefined;
      if (!l.done) {
        const t = l.next()!;
        if (t.t !== 'word' || t.v.toUpperCase() !== 'AS')
          throw new DialogSyntaxError(l.n, `expected AS after HEAR ${name}, found ${show(t)}`);
        const type = l.next();
        as = type?.t === 'word' ? HEAR_TYPES[type.v.toUpperCase()] : undefined;
        if (!as)
          throw new DialogSyntaxError(
            l.n,
            `HEAR … AS ${type ? show(type) : '(nothing)'}: the reference platform knows ${Object.keys(HEAR_TYPES).join(', ')}`,
          );
        l.end();
      }
      return { kind: 'hear', line: l.n, name, as };
    }
    if (kw === 'IF') {
      l.next();
      const cond = expr(l);
      l.word('THEN');
      l.end();
      const line = l.n;
      const then = block(['ELSE', 'END IF']);
      if (!then.closer) throw new DialogSyntaxError(line, 'IF without END IF');
      const other = then.closer === 'ELSE' ? block(['END IF']) : { body: [], closer: 'END IF' };
      if (!other.closer) throw new DialogSyntaxError(line, 'IF … ELSE without END IF');
      return { kind: 'if', line, cond, then: then.body, else: other.body };
    }
    if (kw === 'ADD' && l.peek(1)?.t === 'word' && (l.peek(1) as { v: string }).v.toUpperCase() === 'TOOL') {
      l.next();
      l.next();
      const name = expr(l);
      l.end();
      return { kind: 'add-tool', line: l.n, name };
    }
    if (kw === 'PARAM') {
      l.next();
      const name = l.name('a parameter name after PARAM');
      l.word('AS');
      const type = l.next();
      const schemaType = type?.t === 'word' ? PARAM_TYPES[type.v.toUpperCase()] : undefined;
      if (!schemaType)
        throw new DialogSyntaxError(
          l.n,
          `PARAM ${name} AS ${type ? show(type) : '(nothing)'}: the reference platform knows ${Object.keys(PARAM_TYPES).join(', ')}`,
        );
      const param: Extract<Stmt, { kind: 'param' }> = {
        kind: 'param',
        line: l.n,
        name,
        type: schemaType,
        optional: false,
      };
      while (!l.done) {
        const w = l.next()!;
        const up = w.t === 'word' ? w.v.toUpperCase() : '';
        const str = () => {
          const t = l.next();
          if (t?.t !== 'str') throw new DialogSyntaxError(l.n, `PARAM ${name}: ${up} takes a string`);
          return t.v;
        };
        if (up === 'LIKE') param.like = str();
        else if (up === 'DESCRIPTION') param.description = str();
        else if (up === 'OPTIONAL') param.optional = true;
        else
          throw new DialogSyntaxError(
            l.n,
            `PARAM ${name}: unexpected ${show(w)} (expected LIKE, DESCRIPTION or OPTIONAL)`,
          );
      }
      return param;
    }
    if (kw === 'DESCRIPTION') {
      l.next();
      const t = l.next();
      if (t?.t !== 'str') throw new DialogSyntaxError(l.n, 'DESCRIPTION takes a string');
      l.end();
      return { kind: 'description', line: l.n, text: t.v };
    }
    if (kw === 'USE' && l.peek(1)?.t === 'word' && (l.peek(1) as { v: string }).v.toUpperCase() === 'KB') {
      l.next();
      l.next();
      const name = expr(l);
      l.end();
      return { kind: 'use-kb', line: l.n, name };
    }
    if (kw === 'SET' && l.peek(1)?.t === 'word' && (l.peek(1) as { v: string }).v.toUpperCase() === 'CONTEXT') {
      l.next();
      l.next();
      const name = expr(l);
      l.word('AS');
      const text = expr(l);
      l.end();
      return { kind: 'set-context', line: l.n, name, text };
    }
    if (kw === 'ADD') {
      l.next();
      l.word('SUGGESTION');
      // `ADD SUGGESTION TEXT "value" AS "label"` (General Bots' form, measured working on PRE and HEAD): the button
      // shows the label and sends the value.
      if (l.isWord('TEXT') && l.peek(1) && !(l.peek(1)!.t === 'op' && l.peek(1)!.v === ',')) {
        l.next();
        const value = expr(l);
        l.word('AS');
        const label = expr(l);
        l.end();
        return { kind: 'suggest', line: l.n, text: label, value, labelForm: 'text' };
      }
      const text = expr(l);
      // `ADD SUGGESTION "value" AS "label"`: the label on the button, the value sent (docs/contract.md).
      if (l.isWord('AS')) {
        l.next();
        const label = expr(l);
        l.end();
        return { kind: 'suggest', line: l.n, text: label, value: text, labelForm: 'as' };
      }
      let action: Expr | undefined;
      if (l.isOp(',')) {
        l.next();
        action = expr(l);
      }
      l.end();
      return { kind: 'suggest', line: l.n, text, action };
    }
    if (kw === 'CLEAR') {
      l.next();
      l.word('SUGGESTIONS');
      l.end();
      return { kind: 'clear-suggestions', line: l.n };
    }
    if (kw === 'LET') l.next();
    const name = l.name(
      'a statement (TALK, HEAR, IF, ADD SUGGESTION, CLEAR SUGGESTIONS, ADD TOOL, SET CONTEXT, USE KB, PARAM, DESCRIPTION, a BEGIN block or an assignment)',
    );
    if (!l.isOp('=')) throw new DialogSyntaxError(l.n, `unknown statement ${JSON.stringify(first.v)}`);
    l.next();
    const e = expr(l);
    l.end();
    return { kind: 'set', line: l.n, name, expr: e };
  };
  // A stray ELSE / END IF at top level is read as a statement and refused there.
  return block([]).body;
}

/** The compiled form the builds write into the work dir (§11.8): the lines with `;` ends, `AS` written `as`;
 * the lines inside a BEGIN block are kept as written. */
export function compiledForm(source: string): string {
  const out: string[] = [];
  let close: string | undefined;
  for (const l of source.split(/\r?\n/)) {
    const upper = l.trim().toUpperCase().replace(/\s+/g, ' ');
    if (close) {
      out.push(upper === close ? `${l.trim()};` : l);
      if (upper === close) close = undefined;
      continue;
    }
    if (!l.trim()) continue;
    close = BLOCKS.find((b) => b.open === upper)?.close;
    out.push(close ? l.trim() : `${l.trim().replace(/\bAS\b/g, 'as')};`);
  }
  return out.join('\n') + '\n';
}

/** A statement's name in a profile's `dialogs.refuses` (platform/profile.ts): its kind; `suggest-as` for
 * `ADD SUGGESTION "v" AS "label"`, `suggest-text-as` for `ADD SUGGESTION TEXT "v" AS "label"`. */
export function refusalKey(s: Stmt): string {
  // A one-line TALK whose string holds markup (`<tag …>`): PRE and HEAD refuse it (issue 30, measured 2026-12-02).
  if (s.kind === 'talk' && !s.block && s.expr.kind === 'lit' && /<[a-z]/i.test(String(s.expr.value)))
    return 'talk-markup';
  return s.kind === 'suggest' && s.value && !s.action
    ? s.labelForm === 'text'
      ? 'suggest-text-as'
      : 'suggest-as'
    : s.kind;
}

/** Whether a statement list holds a statement matching `pred`, in IF branches too. */
export function some(stmts: Stmt[], pred: (s: Stmt) => boolean): Stmt | undefined {
  for (const s of stmts) {
    if (pred(s)) return s;
    if (s.kind === 'if') {
      const hit = some(s.then, pred) ?? some(s.else, pred);
      if (hit) return hit;
    }
  }
  return undefined;
}
