/**
 * The lexical side of the BASIC subset (platform/dialogs/basic.ts): its tokens, one line's token reader, and
 * expressions (strings, numbers, TRUE/FALSE, variables, `+ - * /`, comparisons, AND, OR, NOT, parentheses).
 * Throws DialogSyntaxError naming the line.
 */
import type { Expr } from './basic-types.ts';

export class DialogSyntaxError extends Error {
  readonly line: number;
  constructor(line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

export type Token =
  { t: 'str'; v: string } | { t: 'num'; v: number } | { t: 'word'; v: string } | { t: 'op'; v: string };

export function tokenize(src: string, line: number): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new DialogSyntaxError(line, 'a string is not closed (missing ")');
      out.push({ t: 'str', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      out.push({ t: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (word) {
      out.push({ t: 'word', v: word[0] });
      i += word[0].length;
      continue;
    }
    const op = /^(<>|<=|>=|[-+*/=<>(),])/.exec(src.slice(i));
    if (op) {
      out.push({ t: 'op', v: op[0] });
      i += op[0].length;
      continue;
    }
    throw new DialogSyntaxError(line, `unexpected character ${JSON.stringify(c)}`);
  }
  return out;
}

export const KEYWORDS = new Set([
  'TALK',
  'HEAR',
  'LET',
  'IF',
  'THEN',
  'ELSE',
  'END',
  'AND',
  'OR',
  'NOT',
  'AS',
  'ADD',
  'CLEAR',
  'TRUE',
  'FALSE',
  'PARAM',
  'DESCRIPTION',
  'SET',
  'BEGIN',
]);

export class Line {
  private pos = 0;
  readonly tokens: Token[];
  readonly n: number;
  constructor(tokens: Token[], n: number) {
    this.tokens = tokens;
    this.n = n;
  }
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.pos + ahead];
  }
  next(): Token | undefined {
    return this.tokens[this.pos++];
  }
  isWord(w: string): boolean {
    const t = this.peek();
    return t?.t === 'word' && t.v.toUpperCase() === w;
  }
  isOp(o: string): boolean {
    const t = this.peek();
    return t?.t === 'op' && t.v === o;
  }
  word(w: string): void {
    if (!this.isWord(w))
      throw new DialogSyntaxError(
        this.n,
        `expected ${w}${this.peek() ? `, found ${show(this.peek()!)}` : ' at the end of the line'}`,
      );
    this.pos++;
  }
  name(what: string): string {
    const t = this.next();
    if (t?.t !== 'word' || KEYWORDS.has(t.v.toUpperCase()))
      throw new DialogSyntaxError(this.n, `expected ${what}${t ? `, found ${show(t)}` : ' at the end of the line'}`);
    return t.v.toLowerCase();
  }
  end(): void {
    const t = this.peek();
    if (t) throw new DialogSyntaxError(this.n, `unexpected ${show(t)} at the end of the statement`);
  }
  get done(): boolean {
    return this.pos >= this.tokens.length;
  }
}

export const show = (t: Token) => (t.t === 'str' ? `"${t.v}"` : String(t.v));

export function expr(l: Line): Expr {
  return or(l);
}
function or(l: Line): Expr {
  let e = and(l);
  while (l.isWord('OR')) {
    l.next();
    e = { kind: 'bin', op: 'OR', left: e, right: and(l) };
  }
  return e;
}
function and(l: Line): Expr {
  let e = not(l);
  while (l.isWord('AND')) {
    l.next();
    e = { kind: 'bin', op: 'AND', left: e, right: not(l) };
  }
  return e;
}
function not(l: Line): Expr {
  if (l.isWord('NOT')) {
    l.next();
    return { kind: 'not', arg: not(l) };
  }
  return compare(l);
}
function compare(l: Line): Expr {
  const e = sum(l);
  for (const op of ['=', '<>', '<=', '>=', '<', '>'])
    if (l.isOp(op)) {
      l.next();
      return { kind: 'bin', op, left: e, right: sum(l) };
    }
  return e;
}
function sum(l: Line): Expr {
  let e = product(l);
  while (l.isOp('+') || l.isOp('-')) {
    const op = (l.next() as { v: string }).v;
    e = { kind: 'bin', op, left: e, right: product(l) };
  }
  return e;
}
function product(l: Line): Expr {
  let e = unary(l);
  while (l.isOp('*') || l.isOp('/')) {
    const op = (l.next() as { v: string }).v;
    e = { kind: 'bin', op, left: e, right: unary(l) };
  }
  return e;
}
function unary(l: Line): Expr {
  if (l.isOp('-')) {
    l.next();
    return { kind: 'neg', arg: unary(l) };
  }
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
