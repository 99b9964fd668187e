/**
 * What a build refused in a dialog, named by the statement: from a compile or run error as each build words it
 * (HEAD/PRE: `Expecting 'BOT' for 'ADD' expression`, `Function not found: CLEAR_SUGGESTIONS ()`, `Syntax error: …`;
 * the reference platform: `unknown statement "USE_WEBSITE"`, `a statement cannot start with …`), so that a
 * census can count refusals by statement.
 */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/Expecting '([^']+)' for '([^']+)' expression/, (m) => `${m[2]} … (expecting ${m[1]})`],
  [/Function not found: ([A-Za-z_][A-Za-z0-9_]*)/, (m) => m[1]!],
  [/unknown statement "([^"]+)"/, (m) => m[1]!.toUpperCase()],
  [/expected a statement \([^)]*\), found ([^\s,]+)/, (m) => m[1]!.replace(/"/g, '').toUpperCase()],
  [/a statement cannot start with ("[^"]*"|\S+)/, (m) => `a line starting with ${m[1]}`],
  [/PARAM \S+ AS (\S+)/, (m) => `PARAM … AS ${m[1]}`],
  [/Syntax error: ([^(]{0,60})/, (m) => `syntax: ${m[1]!.trim()}`],
  [/line \d+: (.{0,60})/, (m) => `syntax: ${m[1]!.trim()}`],
];

/** The statement of a quoted dialog line: its leading keywords (`SET BOT MEMORY`, `USE KB`, `WITH`), or for an
 * assignment the keywords after `=` (`x = GET "…"` → `= GET`); PARAM with its type (`PARAM … AS EMAIL`). */
export function statementOf(line: string): string {
  const param = /^PARAM\s+\w+\s+AS\s+(\w+)/i.exec(line);
  if (param) return `PARAM … AS ${param[1]!.toUpperCase()}`;
  const assigned = /^\w+\s*=\s*([A-Z][A-Z_]*(?:\s+[A-Z][A-Z_]*)?)\b/.exec(line);
  if (assigned) return `= ${assigned[1]}`;
  const words = /^([A-Z][A-Z_]*(?:\s+[A-Z][A-Z_]*)?)\b/.exec(line);
  return words ? words[1]! : line.split(/\s/)[0]!.slice(0, 30);
}

/** The statement an error line refuses (see the file comment), or the line's first 60 characters. */
export function refusedStatement(errorLine: string): string {
  const quoted = / in: (.+?)(?: \(the log does not name the bot.*)?$/.exec(errorLine);
  if (quoted) return statementOf(quoted[1]!.trim());
  for (const [re, name] of PATTERNS) {
    const m = re.exec(errorLine);
    if (m) return name(m);
  }
  return errorLine.replace(/^\S+\s+\S+\s+/, '').slice(0, 60);
}
