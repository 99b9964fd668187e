/** A verdict diff (scripts/verdict/diff.ts) as Markdown and as a self-contained HTML page (no script, no asset). */
import { newlyFailingByCause, type VerdictDiff } from './diff.ts';

const KINDS = ['pass', 'known bug', 'caveat gone', 'fail', 'flaky', 'skipped'] as const;
const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
const html = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function summary(d: VerdictDiff): string[] {
  const counts = (c: Partial<Record<string, number>>) =>
    KINDS.filter((k) => c[k])
      .map((k) => `${c[k]} ${k}`)
      .join(', ') || 'no tests';
  const unchanged =
    KINDS.filter((k) => d.unchanged[k])
      .map((k) => `${d.unchanged[k]} ${k}`)
      .join(', ') || 'none';
  return [
    `Base: suite ${d.base.suite}, build ${d.base.build} — ${counts(d.counts.base)}`,
    `Candidate: suite ${d.candidate.suite}, build ${d.candidate.build} — ${counts(d.counts.candidate)}`,
    `${d.rows.length} changed (${d.newlyFailing} newly failing); unchanged: ${unchanged}`,
  ];
}

/** "cause: N tests — a; b; …", one line per group of newly failing tests. */
const groupLine = (g: { cause: string; rows: { id: string; project: string }[] }) =>
  `${g.cause}: ${g.rows.length} test${g.rows.length === 1 ? '' : 's'} — ${g.rows
    .slice(0, 4)
    .map((r) => `${r.id} (${r.project})`)
    .join('; ')}${g.rows.length > 4 ? `; and ${g.rows.length - 4} more` : ''}`;

/** The diff as Markdown: the counts, the newly failing tests grouped by first cause, then one row per change. */
export function toMarkdown(d: VerdictDiff): string {
  const lines = ['## What changed', '', ...summary(d).map((l) => `- ${l}`), ''];
  if (!d.rows.length) return `${lines.join('\n')}Nothing changed.\n`;
  const groups = newlyFailingByCause(d);
  if (groups.length)
    lines.push('### Newly failing, by first cause', '', ...groups.map((g) => `- ${md(groupLine(g))}`), '');
  lines.push('| change | project | test | base | candidate |', '|---|---|---|---|---|');
  for (const r of d.rows)
    lines.push(
      `| ${r.change === 'newly failing' ? '**newly failing**' : r.change} | ${md(r.project)} | ${md(r.id)} | ${md(r.base)} | ${md(r.candidate)} |`,
    );
  return `${lines.join('\n')}\n`;
}

/** The diff as a self-contained HTML page (no script, no asset): the same as toMarkdown. */
export function toHtml(d: VerdictDiff): string {
  const rows = d.rows
    .map(
      (r) =>
        `<tr class="${r.change.replace(/ /g, '-')}"><td>${html(r.change)}</td><td>${html(r.project)}</td><td>${html(r.id)}</td><td>${html(r.base)}</td><td>${html(r.candidate)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Verdict diff</title>
<style>body{font:14px system-ui,sans-serif;margin:2em;color:#111}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:top}
tr.newly-failing td:first-child{background:#fdd;font-weight:bold}tr.fixed td:first-child{background:#dfd}</style></head>
<body><h1>What changed</h1><ul>${summary(d)
    .map((l) => `<li>${html(l)}</li>`)
    .join('')}</ul>
${
  newlyFailingByCause(d).length
    ? `<h2>Newly failing, by first cause</h2><ul>${newlyFailingByCause(d)
        .map((g) => `<li>${html(groupLine(g))}</li>`)
        .join('')}</ul>`
    : ''
}
${d.rows.length ? `<table><thead><tr><th>change</th><th>project</th><th>test</th><th>base</th><th>candidate</th></tr></thead><tbody>\n${rows}\n</tbody></table>` : '<p>Nothing changed.</p>'}
</body></html>
`;
}
