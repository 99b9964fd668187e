/**
 * Reads back each output of a bot census (scripts/census/report.ts: the JSON, the Markdown page, the HTML page and
 * the summary line) into the same per-bot view, without the census's own code, so that a test can hold them to
 * each other and to what the platform did: a table that shows a refused dialog as compiled while the summary
 * counts it refused is a disagreement, named with the output and the bot.
 */
import assert from 'node:assert/strict';

/** What an output says of one bot. */
export interface BotView {
  takenUp: boolean;
  greets: boolean;
  compiled: number;
  dialogs: number;
  /** `file: statement`, sorted. */
  refused: string[];
  /** Neither compiled nor refused by the deadline (file names), sorted. */
  neither: string[];
  inSubfolder: string[];
  /** What the question about the first KB document got: `retrieved`, `not retrieved`, `not asked` (nothing to ask
   * about), or `none` (no KB, or no chat). */
  retrieval: 'retrieved' | 'not retrieved' | 'not asked' | 'none';
}

/** What a summary line says: counts, and refusals by statement. */
export interface SummaryView {
  /** Bots whose first KB document was retrieved, of those asked about it. */
  retrieved: number;
  asked: number;
  greet: number;
  bots: number;
  takenUp: number;
  refused: number;
  dialogs: number;
  byStatement: Record<string, number>;
}

type JsonBot = {
  bot: string;
  takenUpMs?: number;
  greeting: string[];
  dialogs: { file: string; status: string; statement?: string }[];
  kb?: { retrieval?: { retrieved?: boolean; notAsked?: string } };
};
const base = (f: string) => f.split('/').pop()!;

/** The per-bot view of the census's JSON (its `bots`). */
export function fromJson(census: { bots: JsonBot[] }): Record<string, BotView> {
  return Object.fromEntries(
    census.bots.map((b) => [
      b.bot,
      {
        takenUp: b.takenUpMs !== undefined,
        greets: b.greeting.length > 0,
        compiled: b.dialogs.filter((d) => d.status === 'compiled').length,
        dialogs: b.dialogs.length,
        refused: b.dialogs
          .filter((d) => d.status === 'refused')
          .map((d) => `${base(d.file)}: ${d.statement}`)
          .sort(),
        neither: b.dialogs
          .filter((d) => d.status === 'unknown')
          .map((d) => base(d.file))
          .sort(),
        inSubfolder: b.dialogs
          .filter((d) => d.status === 'in a subfolder')
          .map((d) => base(d.file))
          .sort(),
        retrieval: !b.kb?.retrieval
          ? 'none'
          : b.kb.retrieval.notAsked
            ? 'not asked'
            : b.kb.retrieval.retrieved
              ? 'retrieved'
              : 'not retrieved',
      },
    ]),
  );
}

const MARKERS = [
  ['refused', ' (refused: '],
  ['neither', ' (neither compiled nor refused: '],
  ['inSubfolder', ' (in a subfolder: '],
] as const;

/** A "dialogs compiled" cell: `c/n` then each marked list (their order fixed, each closed by its `)`). */
function dialogsCell(
  cell: string,
  where: string,
): Pick<BotView, 'compiled' | 'dialogs' | 'refused' | 'neither' | 'inSubfolder'> {
  const m = /^(\d+)\/(\d+)/.exec(cell);
  assert.ok(m, `${where}: the "dialogs compiled" cell ${JSON.stringify(cell)} does not start with compiled/all`);
  const lists: Record<string, string[]> = { refused: [], neither: [], inSubfolder: [] };
  const at = MARKERS.map(([k, marker]) => [k, cell.indexOf(marker), marker.length] as const).filter(([, i]) => i >= 0);
  at.forEach(([k, i, len], n) => {
    const body = cell.slice(i + len, at[n + 1]?.[1] ?? cell.length).replace(/\)$/, '');
    lists[k] = body.split(k === 'refused' ? /; (?=[^;]+?\.bas: )/ : /; /).sort();
  });
  return {
    compiled: Number(m[1]),
    dialogs: Number(m[2]),
    refused: lists.refused!,
    neither: lists.neither!,
    inSubfolder: lists.inSubfolder!,
  };
}

/** A table row's cells (bot, taken up, dialogs compiled, greeting, …) as one bot's view. */
function rowView(cells: string[], where: string): [string, BotView] {
  const [bot, taken, dialogs, greeting, , , kb] = cells;
  const asked = /(?:^|; )a question about .+?: (retrieved|not retrieved \()/.exec(kb ?? '');
  return [
    bot!,
    {
      takenUp: /^\d+ ms$/.test(taken!),
      greets: !/^\((none|chat: .*)\)$/.test(greeting!),
      ...dialogsCell(dialogs!, `${where}, bot ${bot}`),
      retrieval: asked
        ? asked[1] === 'retrieved'
          ? 'retrieved'
          : 'not retrieved'
        : /(?:^|; )no question asked: /.test(kb ?? '')
          ? 'not asked'
          : 'none',
    },
  ];
}

/** The per-bot view of the Markdown page's table (cells split on unescaped `|`). */
export function fromMarkdown(md: string): Record<string, BotView> {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => /^\|---/.test(l));
  assert.ok(start > 0, 'the Markdown page has no table');
  const rows = lines.slice(start + 1).filter((l) => l.startsWith('| '));
  return Object.fromEntries(
    rows.map((l) =>
      rowView(
        l
          .slice(2, -2)
          .split(/ (?<!\\)\| /)
          .map((c) => c.replace(/\\\|/g, '|')),
        'the Markdown table',
      ),
    ),
  );
}

const unescape = (t: string) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The per-bot view of the HTML page's table. */
export function fromHtml(html: string): Record<string, BotView> {
  const rows = [...html.matchAll(/<tr>(<td>[\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1]!.matchAll(/<td>([\s\S]*?)<\/td>/g)].map((c) => unescape(c[1]!)),
  );
  return Object.fromEntries(rows.map((cells) => rowView(cells, 'the HTML table')));
}

/** The summary line as it reads: "G of B bots greet; T taken up; R of D dialogs refused, by statement: S ×k, …". */
export function fromSummary(line: string): SummaryView {
  const m =
    /^(\d+) of (\d+) bots greet; (\d+) taken up; (\d+) of (\d+) dialogs refused(?:, by statement: (.*?))?(?:; (?:\d+ (?:bot|package|finding)|conversations: \d+ of \d+ passed|a question about).*)?$/.exec(
      line.trim(),
    );
  assert.ok(
    m,
    `the summary line ${JSON.stringify(line)} does not read "G of B bots greet; T taken up; R of D dialogs refused…"`,
  );
  const byStatement = Object.fromEntries(
    [...(m[6] ?? '').matchAll(/(.+?) ×(\d+)(?:, |$)/g)].map((s) => [s[1]!, Number(s[2])]),
  );
  const kb = /; a question about the first KB document retrieved it for (\d+) of (\d+) bot\(s\) asked\b/.exec(line);
  return {
    retrieved: Number(kb?.[1] ?? 0),
    asked: Number(kb?.[2] ?? 0),
    greet: Number(m[1]),
    bots: Number(m[2]),
    takenUp: Number(m[3]),
    refused: Number(m[4]),
    dialogs: Number(m[5]),
    byStatement,
  };
}

/** What the per-bot views add up to, in the summary's terms. */
export function summaryOf(bots: Record<string, BotView>): SummaryView {
  const all = Object.values(bots);
  const byStatement: Record<string, number> = {};
  for (const r of all.flatMap((b) => b.refused)) {
    const s = r.slice(r.indexOf('.bas: ') + 6);
    byStatement[s] = (byStatement[s] ?? 0) + 1;
  }
  return {
    retrieved: all.filter((b) => b.retrieval === 'retrieved').length,
    asked: all.filter((b) => b.retrieval === 'retrieved' || b.retrieval === 'not retrieved').length,
    greet: all.filter((b) => b.greets).length,
    bots: all.length,
    takenUp: all.filter((b) => b.takenUp).length,
    refused: all.reduce((n, b) => n + b.refused.length, 0),
    dialogs: all.reduce((n, b) => n + b.dialogs, 0),
    byStatement,
  };
}

/**
 * Holds the four outputs of one census to each other: the Markdown and HTML tables say of every bot what the JSON
 * says, the three summary lines (stdout's, the Markdown's, the HTML's) are one line, and it adds up to the JSON's
 * bots. Throws an AssertionError naming the output that disagrees and with what.
 */
export function assertOutputsAgree(o: { json: { bots: JsonBot[] }; md: string; html: string; summary: string }): void {
  const truth = fromJson(o.json);
  for (const [name, view] of [
    ['the Markdown table', fromMarkdown(o.md)],
    ['the HTML table', fromHtml(o.html)],
  ] as const) {
    for (const bot of Object.keys(truth))
      assert.deepEqual(view[bot], truth[bot], `${name} says of bot ${bot} otherwise than the census's JSON`);
    assert.deepEqual(Object.keys(view).sort(), Object.keys(truth).sort(), `${name} has other bots than the JSON`);
  }
  const md = /^\*\*(.*)\*\*$/m.exec(o.md)?.[1];
  const html = /<strong>(.*?)<\/strong>/.exec(o.html)?.[1];
  assert.equal(md, o.summary.trim(), "the Markdown page's summary line is not the one printed");
  assert.equal(unescape(html ?? ''), o.summary.trim(), "the HTML page's summary line is not the one printed");
  assert.deepEqual(
    fromSummary(o.summary),
    summaryOf(truth),
    `the summary line ${JSON.stringify(o.summary.trim())} does not add up to the bots of the JSON (and tables)`,
  );
}
