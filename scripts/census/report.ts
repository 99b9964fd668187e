/**
 * The census's outputs: a summary line, a Markdown table and a self-contained HTML page, from the verdicts of
 * scripts/census/judge-bot.ts and the findings of the run (a platform that stopped answering).
 */
import type { BotVerdict, DialogVerdict } from './judge-bot.ts';

export interface CensusFinding {
  /** What happened, e.g. "the platform stopped answering /health after bot X". */
  what: string;
  afterBot: string;
  lastLog: string[];
}

export interface Census {
  platform: string;
  startedAt: string;
  seconds: number;
  folders: string[];
  bots: BotVerdict[];
  /** Packages the suite itself refused (not a valid bot package), with why. */
  refused: { dir: string; why: string }[];
  findings: CensusFinding[];
}

/** Counts of refused dialogs by statement, most first. */
export function refusalsByStatement(c: Census): [string, number][] {
  const counts = new Map<string, number>();
  for (const b of c.bots)
    for (const d of b.dialogs)
      if (d.status === 'refused') counts.set(d.statement ?? '?', (counts.get(d.statement ?? '?') ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** "; conversations: P of N passed" when any package shipped conversation files. */
function conversationCounts(c: Census): string {
  const cs = c.bots.flatMap((b) => b.conversations ?? []);
  return cs.length ? `; conversations: ${cs.filter((x) => x.status === 'passed').length} of ${cs.length} passed` : '';
}

/** "N of M bots greet; K dialogs refused, by statement: …" */
export function summaryLine(c: Census): string {
  const refusals = refusalsByStatement(c);
  const refused = refusals.reduce((n, [, k]) => n + k, 0);
  const taken = c.bots.filter((b) => b.takenUpMs !== undefined).length;
  return (
    `${c.bots.filter((b) => b.greeting.length).length} of ${c.bots.length} bots greet; ${taken} taken up; ${refused} of ${c.bots.reduce((n, b) => n + b.dialogs.length, 0)} dialogs refused` +
    `${refusals.length ? `, by statement: ${refusals.map(([s, k]) => `${s} ×${k}`).join(', ')}` : ''}` +
    `${c.bots.some((b) => b.strays.length) ? `; ${c.bots.filter((b) => b.strays.length).length} bot(s) ship files outside their .gb* folders` : ''}` +
    `${conversationCounts(c)}` +
    `${retrievalCounts(c)}` +
    `${c.refused.length ? `; ${c.refused.length} package(s) not judged (nothing BotServer reads)` : ''}${c.findings.length ? `; ${c.findings.length} finding(s): ${c.findings.map((f) => f.what).join('; ')}` : ''}`
  );
}

const cell = (t: string) => t.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const short = (t: string, n = 80) => (t.length > n ? `${t.slice(0, n)}…` : t);

function rows(c: Census): string[][] {
  return c.bots.map((b) => [
    b.bot,
    b.takenUpMs !== undefined ? `${b.takenUpMs} ms` : `no: ${short(b.notTakenUp ?? '', 120)}`,
    dialogsCell(b),
    b.greeting.length ? short(b.greeting.join(' / ')) : b.chatError ? `(chat: ${short(b.chatError)})` : '(none)',
    b.suggestions.join(', ') || '—',
    b.tools.join(', ') || '—',
    kbCell(b),
    b.strays.length ? short(b.strays.join(', ')) : '—',
    conversationsCell(b),
  ]);
}

/** What a question about the first KB document got: "a question about faq/a.md: retrieved" or "…: not retrieved
 * (why)"; empty when the bot has no KB. */
export function retrievalText(r: BotVerdict['kb']['retrieval']): string {
  if (!r) return '';
  if (r.notAsked) return `no question asked: ${r.notAsked}`;
  return `a question about ${r.document}: ${r.retrieved ? 'retrieved' : `not retrieved (${r.why})`}`;
}

/** "; a question about the first KB document retrieved it for K of N bot(s) asked (M ship a KB folder)" when a bot
 * was asked (a bot not taken up, or whose chat failed, is not). */
function retrievalCounts(c: Census): string {
  const withKb = c.bots.filter((b) => b.kb.folders?.length).length;
  const asked = c.bots.filter((b) => b.kb.retrieval && !b.kb.retrieval.notAsked);
  return asked.length
    ? `; a question about the first KB document retrieved it for ${asked.filter((b) => b.kb.retrieval!.retrieved).length} of ${asked.length} bot(s) asked (${withKb} ship a KB folder)`
    : '';
}

/** The table's "KB" cell: documents, points stored per KB, files the indexer never reads, `USE KB` names that match
 * no KB folder, embeddings requests, the first error. */
function kbCell(b: BotVerdict): string {
  const k = b.kb;
  if (!k.documents && !k.useKb?.length) return '—';
  const points = k.points
    ? Object.entries(k.points)
        .map(([kb, n]) => `${kb}: ${n} point(s)`)
        .join(', ')
    : '';
  return [
    `${k.documents} doc(s)${k.folders?.length ? ` in ${k.folders.join(', ')}` : ''}`,
    points,
    k.loose?.length ? `never indexed (directly under .gbkb/): ${k.loose.join(', ')}` : '',
    k.unmatched?.length ? `USE KB matches no KB folder: ${k.unmatched.map((n) => `"${n}"`).join(', ')}` : '',
    retrievalText(k.retrieval),
    `${k.embeddingRequests} embedding request(s)`,
    k.errors.length ? short(k.errors[0]!) : '',
  ]
    .filter(Boolean)
    .join('; ');
}

/** The table's "conversations" cell: passed/run, then each failed one's first error line (— when the package ships
 * none, scripts/census/conversations.ts). */
function conversationsCell(b: BotVerdict): string {
  const cs = b.conversations ?? [];
  if (!cs.length) return '—';
  const failed = cs.filter((c) => c.status !== 'passed' && c.status !== 'skipped');
  return `${cs.filter((c) => c.status === 'passed').length}/${cs.length} passed${failed.map((c) => `; ${short(c.conversation, 60)}: ${c.status}${c.error ? ` (${short(c.error, 100)})` : ''}`).join('')}`;
}

/** The table's "dialogs compiled" cell: `compiled/all`, then the refused ones (file: statement), those neither compiled
 * nor refused by the deadline, and those in a subfolder, each named by file. */
function dialogsCell(b: BotVerdict): string {
  const named = (status: DialogVerdict['status']) =>
    b.dialogs
      .filter((d) => d.status === status)
      .map((d) => (status === 'refused' ? `${d.file.split('/').pop()}: ${d.statement}` : d.file.split('/').pop()));
  const parts = (
    [
      ['refused', 'refused'],
      ['unknown', 'neither compiled nor refused'],
      ['in a subfolder', 'in a subfolder'],
    ] as const
  )
    .filter(([status]) => named(status).length)
    .map(([status, words]) => ` (${words}: ${named(status).join('; ')})`);
  return `${b.dialogs.filter((d) => d.status === 'compiled').length}/${b.dialogs.length}${parts.join('')}`;
}

const HEAD = [
  'bot',
  'taken up',
  'dialogs compiled',
  'greeting',
  'suggestions',
  'tools offered',
  'KB',
  'files outside its .gb* folders',
  'conversations',
];

/** The census as a Markdown page: the summary line, one row per bot, the packages not judged, the findings. */
export function markdown(c: Census): string {
  return [
    `# Bot census: ${c.platform}`,
    '',
    `${c.startedAt}, ${c.seconds} s; folders: ${c.folders.join(', ')}`,
    '',
    `**${summaryLine(c)}**`,
    '',
    `| ${HEAD.join(' | ')} |`,
    `|${HEAD.map(() => '---').join('|')}|`,
    ...rows(c).map((r) => `| ${r.map(cell).join(' | ')} |`),
    ...(c.refused.length
      ? [
          '',
          '## Not judged: nothing BotServer reads, or not a bot package',
          '',
          ...c.refused.map((r) => `- ${r.dir}: ${r.why}`),
        ]
      : []),
    ...(c.findings.length
      ? [
          '',
          '## Findings',
          '',
          ...c.findings.map((f) => `- ${f.what}; last log lines:\n${f.lastLog.map((l) => `  - \`${l}\``).join('\n')}`),
        ]
      : []),
    '',
  ].join('\n');
}

const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The same as a self-contained HTML page (no script, no external resource). */
export function html(c: Census): string {
  return `<!doctype html><html lang="en"><meta charset="utf-8"><title>Bot census: ${esc(c.platform)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left}th{background:#eee}</style>
<h1>Bot census: ${esc(c.platform)}</h1><p>${esc(c.startedAt)}, ${c.seconds} s; folders: ${esc(c.folders.join(', '))}</p><p><strong>${esc(summaryLine(c))}</strong></p>
<table><tr>${HEAD.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows(c)
    .map((r) => `<tr>${r.map((x) => `<td>${esc(x)}</td>`).join('')}</tr>`)
    .join('')}</table>
${c.refused.length ? `<h2>Not judged: nothing BotServer reads, or not a bot package</h2><ul>${c.refused.map((r) => `<li>${esc(r.dir)}: ${esc(r.why)}</li>`).join('')}</ul>` : ''}
${c.findings.length ? `<h2>Findings</h2><ul>${c.findings.map((f) => `<li>${esc(f.what)}<pre>${esc(f.lastLog.join('\n'))}</pre></li>`).join('')}</ul>` : ''}
</html>
`;
}
