/**
 * The BASIC subset of General Bots dialogs that the suite's bots use, as General Bots' docs describe the
 * language (written here from those docs, nothing copied): `TALK expr`, `HEAR name [AS TEXT|INTEGER|NUMBER]`,
 * `[LET] name = expr`, `IF cond THEN … [ELSE …] END IF`, `ADD SUGGESTION "text" [, "action"]`,
 * `ADD SUGGESTION TEXT "value" AS "label"`, `CLEAR SUGGESTIONS`,
 * comments (`'`, `REM`). Expressions: strings, numbers, TRUE/FALSE, variables, `+` (adds numbers, else joins
 * text), `- * /`, comparisons `= <> < > <= >=`, AND, OR, NOT, parentheses. Keywords in any case; a line may end in
 * `;` (the compiled form the builds write, contract §11.8).
 */
export type Expr =
  | { kind: 'lit'; value: Value }
  | { kind: 'var'; name: string }
  | { kind: 'not'; arg: Expr }
  | { kind: 'neg'; arg: Expr }
  | { kind: 'bin'; op: string; left: Expr; right: Expr };

export type Value = string | number | boolean;

export type Stmt =
  | { kind: 'talk'; line: number; expr: Expr }
  | { kind: 'hear'; line: number; name: string; as?: HearType }
  | { kind: 'set'; line: number; name: string; expr: Expr }
  | { kind: 'if'; line: number; cond: Expr; then: Stmt[]; else: Stmt[] }
  | { kind: 'suggest'; line: number; text: Expr; action?: Expr; value?: Expr }
  | { kind: 'clear-suggestions'; line: number };

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

const KEYWORDS = new Set(['TALK', 'HEAR', 'LET', 'IF', 'THEN', 'ELSE', 'END', 'AND', 'OR', 'NOT', 'AS', 'ADD', 'CLEAR', 'TRUE', 'FALSE']);

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
  const lines = source.split(/\r?\n/).map((raw, i) => ({ n: i + 1, text: raw.trim().replace(/;\s*$/, '').trim() }))
    .filter((l) => l.text && !l.text.startsWith("'") && !/^REM(\s|$)/i.test(l.text));
  let at = 0;
  const block = (closers: string[]): { body: Stmt[]; closer?: string } => {
    const body: Stmt[] = [];
    while (at < lines.length) {
      const { n, text } = lines[at]!;
      const upper = text.toUpperCase().replace(/\s+/g, ' ');
      const closer = closers.find((c) => upper === c);
      if (closer) { at++; return { body, closer }; }
      at++;
      body.push(statement(new Line(tokenize(text, n), n)));
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
        return { kind: 'suggest', line: l.n, text: label, value };
      }
      const text = expr(l);
      let action: Expr | undefined;
      if (l.isOp(',')) { l.next(); action = expr(l); }
      l.end();
      return { kind: 'suggest', line: l.n, text, action };
    }
    if (kw === 'CLEAR') { l.next(); l.word('SUGGESTIONS'); l.end(); return { kind: 'clear-suggestions', line: l.n }; }
    if (kw === 'LET') l.next();
    const name = l.name('a statement (TALK, HEAR, IF, ADD SUGGESTION, CLEAR SUGGESTIONS or an assignment)');
    if (!l.isOp('=')) throw new DialogSyntaxError(l.n, `unknown statement ${JSON.stringify(first.v)}`);
    l.next();
    const e = expr(l);
    l.end();
    return { kind: 'set', line: l.n, name, expr: e };
  };
  // A stray ELSE / END IF at top level is read as a statement and refused there.
  return block([]).body;
}

/** The compiled form the builds write into the work dir (§11.8): the lines with `;` ends, `AS` written `as`. */
export function compiledForm(source: string): string {
  return source.split(/\r?\n/).filter((l) => l.trim()).map((l) => `${l.trim().replace(/\bAS\b/g, 'as')};`).join('\n') + '\n';
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
