/**
 * The BASIC subset of General Bots dialogs that the suite's bots use, as General Bots' docs describe the
 * language (written here from those docs, nothing copied): `TALK expr`, `HEAR name [AS TEXT|INTEGER|NUMBER]`,
 * `[LET] name = expr`, `IF cond THEN … [ELSE …] END IF`, `ADD SUGGESTION "text" [, "action"]`,
 * `ADD SUGGESTION TEXT "value" AS "label"`, `ADD SUGGESTION "value" AS "label"`, `CLEAR SUGGESTIONS`; the
 * LLM-first statements (docs/contract.md "Tools, context and prompt blocks"): a tool dialog's
 * `PARAM name AS type [LIKE "example"] [DESCRIPTION "…"] [OPTIONAL]` and `DESCRIPTION "…"`, `ADD TOOL "name"`,
 * `SET CONTEXT "name" AS "text"`, the blocks `BEGIN SYSTEM PROMPT … END SYSTEM PROMPT` and `BEGIN TALK … END TALK`
 * (one message, its lines kept as written, `${name}` replaced by the variable),
 * comments (`'`, `REM`). Expressions: strings, numbers, TRUE/FALSE, variables, `+` (adds numbers, else joins
 * text), `- * /`, comparisons `= <> < > <= >=`, AND, OR, NOT, parentheses. Keywords in any case; a line may end in
 * `;` (the compiled form the builds write, contract §11.8).
 */
export type Expr =
  | { kind: 'lit'; value: Value }
  | { kind: 'var'; name: string }
  | { kind: 'not'; arg: Expr }
  | { kind: 'neg'; arg: Expr }
  /** `op` `&`: the two joined as text (a BEGIN TALK block's `${name}`). */
  | { kind: 'bin'; op: string; left: Expr; right: Expr };

export type Value = string | number | boolean;

export type Stmt =
  /** `block`: a BEGIN TALK … END TALK block (one message of several lines). */
  | { kind: 'talk'; line: number; expr: Expr; block?: true }
  | { kind: 'hear'; line: number; name: string; as?: HearType }
  | { kind: 'set'; line: number; name: string; expr: Expr }
  | { kind: 'if'; line: number; cond: Expr; then: Stmt[]; else: Stmt[] }
  /** `labelForm`: how a value of its own was written: `text` (`ADD SUGGESTION TEXT "v" AS "l"`) or `as` (`ADD SUGGESTION "v" AS "l"`). */
  | { kind: 'suggest'; line: number; text: Expr; action?: Expr; value?: Expr; labelForm?: 'text' | 'as' }
  | { kind: 'clear-suggestions'; line: number }
  /** A tool dialog's parameter: its name, type (`string`, `integer`, `number`, `boolean`, `date`), example and description. */
  | { kind: 'param'; line: number; name: string; type: string; like?: string; description?: string; optional: boolean }
  /** A tool dialog's description (what the LLM is told the tool does). */
  | { kind: 'description'; line: number; text: string }
  | { kind: 'add-tool'; line: number; name: Expr }
  | { kind: 'set-context'; line: number; name: Expr; text: Expr }
  | { kind: 'system-prompt'; line: number; text: string };

export type HearType = 'TEXT' | 'INTEGER' | 'NUMBER';
const HEAR_TYPES: Record<string, HearType> = { TEXT: 'TEXT', STRING: 'TEXT', INTEGER: 'INTEGER', NUMBER: 'NUMBER', FLOAT: 'NUMBER', DECIMAL: 'NUMBER' };

export class DialogSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

type Token = { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'word'; v: string } | { t: 'op'; v: string };

function tokenize(src: string, line: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new DialogSyntaxError(line, 'a string is not closed (missing ")');
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) { out.push({ t: 'num', v: Number(num[0]) }); i += num[0].length; continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (word) { out.push({ t: 'word', v: word[0] }); i += word[0].length; continue; }
    const op = /^(<>|<=|>=|[-+*/=<>(),])/.exec(src.slice(i));
    if (op) { out.push({ t: 'op', v: op[0] }); i += op[0].length; continue; }
    throw new DialogSyntaxError(line, `unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

const KEYWORDS = new Set(['TALK', 'HEAR', 'LET', 'IF', 'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'AS', 'ADD', 'CLEAR', 'TRUE', 'FALSE', 'PARAM', 'DESCRIPTION', 'SET', 'BEGIN']);

/** PARAM's types as the tool's JSON schema names them (General Bots' docs: STRING, INTEGER, NUMBER, BOOLEAN, DATE). */
const PARAM_TYPES: Record<string, string> = { STRING: 'string', TEXT: 'string', INTEGER: 'integer', NUMBER: 'number', DECIMAL: 'number', BOOLEAN: 'boolean', DATE: 'string' };

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

class Line {
  private pos = 0;
  readonly tokens: Token[];
  readonly n: number;
  constructor(tokens: Token[], n: number) {
    this.tokens = tokens;
    this.n = n;
  }
  peek(ahead = 0): Token | undefined { return this.tokens[this.pos + ahead]; }
  next(): Token | undefined { return this.tokens[this.pos++]; }
  isWord(w: string): boolean { const t = this.peek(); return t?.t === 'word' && t.v.toUpperCase() === w; }
  isOp(o: string): boolean { const t = this.peek(); return t?.t === 'op' && t.v === o; }
  word(w: string): void {
    if (!this.isWord(w)) throw new DialogSyntaxError(this.n, `expected ${w}${this.peek() ? `, found ${show(this.peek()!)}` : ' at the end of the line'}`);
    this.pos++;
  }
  name(what: string): string {
    const t = this.next();
    if (t?.t !== 'word' || KEYWORDS.has(t.v.toUpperCase())) throw new DialogSyntaxError(this.n, `expected ${what}${t ? `, found ${show(t)}` : ' at the end of the line'}`);
    return t.v.toLowerCase();
  }
  end(): void {
    const t = this.peek();
    if (t) throw new DialogSyntaxError(this.n, `unexpected ${show(t)} at the end of the statement`);
  }
  get done(): boolean { return this.pos >= this.tokens.length; }
}

const show = (t: Token) => (t.t === 'str' ? `"${t.v}"` : String(t.v));

function expr(l: Line): Expr {
  return or(l);
}
function or(l: Line): Expr {
  let e = and(l);
  while (l.isWord('OR')) { l.next(); e = { kind: 'bin', op: 'OR', left: e, right: and(l) }; }
  return e;
}
function and(l: Line): Expr {
  let e = not(l);
  while (l.isWord('AND')) { l.next(); e = { kind: 'bin', op: 'AND', left: e, right: not(l) }; }
  return e;
}
function not(l: Line): Expr {
  if (l.isWord('NOT')) { l.next(); return { kind: 'not', arg: not(l) }; }
  return compare(l);
}
function compare(l: Line): Expr {
  const e = sum(l);
  for (const op of ['=', '<>', '<=', '>=', '<', '>']) if (l.isOp(op)) { l.next(); return { kind: 'bin', op, left: e, right: sum(l) }; }
  return e;
}
function sum(l: Line): Expr {
  let e = product(l);
  while (l.isOp('+') || l.isOp('-')) { const op = (l.next() as { v: string }).v; e = { kind: 'bin', op, left: e, right: product(l) }; }
  return e;
}
function product(l: Line): Expr {
  let e = unary(l);
  while (l.isOp('*') || l.isOp('/')) { const op = (l.next() as { v: string }).v; e = { kind: 'bin', op, left: e, right: unary(l) }; }
  return e;
}
function unary(l: Line): Expr {
  if (l.isOp('-')) { l.next(); return { kind: 'neg', arg: unary(l) }; }
  const t = l.next();
  if (!t) throw new DialogSyntaxError(l.n, 'an expression is missing');
  if (t.t === 'str' || t.t === 'num') return { kind: 'lit', value: t.v };
  if (t.t === 'op' && t.v === '(') {
    const e = expr(l);
    if (!l.isOp(')')) throw new DialogSyntaxError(l.n, 'expected )');
    l.next();
    return e;
  }
  if (t.t === 'word') {
    const up = t.v.toUpperCase();
    if (up === 'TRUE' || up === 'FALSE') return { kind: 'lit', value: up === 'TRUE' };
    if (!KEYWORDS.has(up)) return { kind: 'var', name: t.v.toLowerCase() };
  }
  throw new DialogSyntaxError(l.n, `unexpected ${show(t)} in an expression`);
}

/** Parses a dialog's source (`.bas`, or the `;`-ended compiled form). Throws DialogSyntaxError with the line. */
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
      const closes = (l: string) => l.trim().replace(/;\s*$/, '').trim().toUpperCase().replace(/\s+/g, ' ') === opened.close;
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
      if (closer) { at++; return { body, closer }; }
      const { block: b } = lines[at]!;
      at++;
      if (b) body.push(b.kind === 'talk' ? { kind: 'talk', line: n, expr: talkBlock(b.text), block: true } : { kind: 'system-prompt', line: n, text: b.text });
      else {
        try {
          body.push(statement(new Line(tokenize(text, n), n)));
        } catch (e) {
          // The refused line is quoted, so that an author (and the census) sees which statement it was.
          if (e instanceof DialogSyntaxError) throw new DialogSyntaxError(n, `${e.message.replace(/^line \d+: /, '')} in: ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`);
          throw e;
        }
      }
    }
    return { body };
  };
  const statement = (l: Line): Stmt => {
    const first = l.peek();
    if (first?.t !== 'word') throw new DialogSyntaxError(l.n, `a statement cannot start with ${first ? show(first) : 'nothing'}`);
    const kw = first.v.toUpperCase();
    if (kw === 'TALK') { l.next(); const e = expr(l); l.end(); return { kind: 'talk', line: l.n, expr: e }; }
    if (kw === 'HEAR') {
      l.next();
      const name = l.name('a variable after HEAR');
      let as: HearType | undefined;
      if (!l.done) {
        const t = l.next()!;
        if (t.t !== 'word' || t.v.toUpperCase() !== 'AS') throw new DialogSyntaxError(l.n, `expected AS after HEAR ${name}, found ${show(t)}`);
        const type = l.next();
        as = type?.t === 'word' ? HEAR_TYPES[type.v.toUpperCase()] : undefined;
        if (!as) throw new DialogSyntaxError(l.n, `HEAR … AS ${type ? show(type) : '(nothing)'}: the reference platform knows ${Object.keys(HEAR_TYPES).join(', ')}`);
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
      l.next(); l.next();
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
      if (!schemaType) throw new DialogSyntaxError(l.n, `PARAM ${name} AS ${type ? show(type) : '(nothing)'}: the reference platform knows ${Object.keys(PARAM_TYPES).join(', ')}`);
      const param: Extract<Stmt, { kind: 'param' }> = { kind: 'param', line: l.n, name, type: schemaType, optional: false };
      while (!l.done) {
        const w = l.next()!;
        const up = w.t === 'word' ? w.v.toUpperCase() : '';
        const str = () => { const t = l.next(); if (t?.t !== 'str') throw new DialogSyntaxError(l.n, `PARAM ${name}: ${up} takes a string`); return t.v; };
        if (up === 'LIKE') param.like = str();
        else if (up === 'DESCRIPTION') param.description = str();
        else if (up === 'OPTIONAL') param.optional = true;
        else throw new DialogSyntaxError(l.n, `PARAM ${name}: unexpected ${show(w)} (expected LIKE, DESCRIPTION or OPTIONAL)`);
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
    if (kw === 'SET' && l.peek(1)?.t === 'word' && (l.peek(1) as { v: string }).v.toUpperCase() === 'CONTEXT') {
      l.next(); l.next();
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
      if (l.isWord('AS')) { l.next(); const label = expr(l); l.end(); return { kind: 'suggest', line: l.n, text: label, value: text, labelForm: 'as' }; }
      let action: Expr | undefined;
      if (l.isOp(',')) { l.next(); action = expr(l); }
      l.end();
      return { kind: 'suggest', line: l.n, text, action };
    }
    if (kw === 'CLEAR') { l.next(); l.word('SUGGESTIONS'); l.end(); return { kind: 'clear-suggestions', line: l.n }; }
    if (kw === 'LET') l.next();
    const name = l.name('a statement (TALK, HEAR, IF, ADD SUGGESTION, CLEAR SUGGESTIONS, ADD TOOL, SET CONTEXT, PARAM, DESCRIPTION, a BEGIN block or an assignment)');
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

/** A tool dialog's schema, as the LLM is offered it (OpenAI `tools`, docs/contract.md "Tools"): undefined when the
 * dialog has no DESCRIPTION (it is no tool). */
export function toolSchema(name: string, program: Stmt[]): { type: 'function'; function: { name: string; description: string; parameters: { type: 'object'; properties: Record<string, { type: string; description: string; example?: string }>; required: string[] } } } | undefined {
  const description = program.find((s): s is Extract<Stmt, { kind: 'description' }> => s.kind === 'description');
  if (!description) return undefined;
  const params = program.filter((s): s is Extract<Stmt, { kind: 'param' }> => s.kind === 'param');
  return {
    type: 'function',
    function: {
      name,
      description: description.text,
      parameters: {
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, { type: p.type, description: p.description ?? '', ...(p.like !== undefined ? { example: p.like } : {}) }])),
        required: params.filter((p) => !p.optional).map((p) => p.name),
      },
    },
  };
}

/** A statement's name in a profile's `dialogs.refuses` (platform/profile.ts): its kind; `suggest-as` for
 * `ADD SUGGESTION "v" AS "label"`, `suggest-text-as` for `ADD SUGGESTION TEXT "v" AS "label"`. */
export function refusalKey(s: Stmt): string {
  // A one-line TALK whose string holds markup (`<tag …>`): PRE and HEAD refuse it (issue 30, measured 2026-12-02).
  if (s.kind === 'talk' && !s.block && s.expr.kind === 'lit' && /<[a-z]/i.test(String(s.expr.value))) return 'talk-markup';
  return s.kind === 'suggest' && s.value && !s.action ? (s.labelForm === 'text' ? 'suggest-text-as' : 'suggest-as') : s.kind;
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
