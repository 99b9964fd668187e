/** The BASIC subset's syntax tree (platform/dialogs/basic.ts parses it, platform/dialogs/ runs it). */
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
  /** `USE KB "name"`: the session's LLM turns get passages from that knowledge base (§11.10). */
  | { kind: 'use-kb'; line: number; name: Expr }
  | { kind: 'system-prompt'; line: number; text: string };

export type HearType = 'TEXT' | 'INTEGER' | 'NUMBER';
