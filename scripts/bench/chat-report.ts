/** The chat benchmark's figures: percentiles per level and build, the terminal table, and a self-contained chart. */
import type { LevelRaw } from './chat-load.ts';
import type { ProcUsage } from './proc-sampler.ts';

export interface Dist {
  p50: number;
  p95: number;
  max: number;
}
export interface LevelFigures {
  users: number;
  turnsDone: number;
  turnsPerSecond: number;
  connectMs: Dist | null;
  firstReplyMs: Dist | null;
  finalMs: Dist | null;
  /** The final frame of each session's first turn and of the later ones (HEAD waits ~2 s for its start script). */
  finalFirstTurnMs: Dist | null;
  finalLaterTurnsMs: Dist | null;
  errors: Record<string, number>;
  peakRssMiB: number | null;
  cpuSeconds: number | null;
}
export interface BuildResult {
  label: string;
  levels: LevelFigures[];
}

function dist(xs: number[]): Dist | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  const r = (n: number) => Math.round(n * 10) / 10;
  return { p50: r(at(0.5)), p95: r(at(0.95)), max: r(s.at(-1)!) };
}

export function figures(users: number, raw: LevelRaw, usage: ProcUsage): LevelFigures {
  return {
    users,
    turnsDone: raw.turns.length,
    turnsPerSecond: Math.round((raw.turns.length / (raw.wallMs / 1000)) * 10) / 10,
    connectMs: dist(raw.connectMs),
    firstReplyMs: dist(raw.turns.map((t) => t.firstMs)),
    finalMs: dist(raw.turns.map((t) => t.finalMs)),
    finalFirstTurnMs: dist(raw.turns.filter((t) => t.turn === 0).map((t) => t.finalMs)),
    finalLaterTurnsMs: dist(raw.turns.filter((t) => t.turn > 0).map((t) => t.finalMs)),
    errors: raw.errors,
    ...usage,
  };
}

const fmt = (d: Dist | null) => (d ? `${d.p50} / ${d.p95} / ${d.max}` : '—');
const ratio = (a: number | null | undefined, b: number | null | undefined) =>
  a && b ? ` (×${(b / a).toFixed(2)})` : '';

/** One row per level and build; every figure of a compared build carries its ratio to the first build's. */
export function table(results: BuildResult[]): string {
  const head =
    '| build | users | turns/s | first reply ms p50 / p95 / max | final ms p50 / p95 / max | connect ms p50 / p95 / max | errors | peak RSS MiB | CPU s |\n|---|---|---|---|---|---|---|---|---|';
  const rows: string[] = [];
  const base = results[0]!;
  for (let i = 0; i < base.levels.length; i++) {
    for (const r of results) {
      const l = r.levels[i]!;
      const b = r === base ? undefined : base.levels[i];
      const errs =
        Object.entries(l.errors)
          .map(([k, v]) => `${v}× ${k}`)
          .join(', ') || '0';
      rows.push(
        `| ${r.label} | ${l.users} | ${l.turnsPerSecond}${ratio(b?.turnsPerSecond, l.turnsPerSecond)} | ${fmt(l.firstReplyMs)}${ratio(b?.firstReplyMs?.p50, l.firstReplyMs?.p50)} | ${fmt(l.finalMs)}${ratio(b?.finalMs?.p50, l.finalMs?.p50)} | ${fmt(l.connectMs)} | ${errs} | ${l.peakRssMiB ?? '—'}${ratio(b?.peakRssMiB, l.peakRssMiB)} | ${l.cpuSeconds ?? '—'}${ratio(b?.cpuSeconds, l.cpuSeconds)} |`,
      );
    }
  }
  return `${head}\n${rows.join('\n')}\n`;
}

/** A self-contained HTML page with an SVG chart: final-frame latency (p50 solid, p95 dashed) by concurrency. */
export function chartHtml(results: BuildResult[], title: string): string {
  const W = 720,
    H = 400,
    L = 70,
    R = 170,
    T = 40,
    B = 50;
  const levels = results[0]!.levels.map((l) => l.users);
  const ys = results.flatMap((r) => r.levels.flatMap((l) => [l.finalMs?.p50 ?? 0, l.finalMs?.p95 ?? 0]));
  const maxY = Math.max(1, ...ys) * 1.1;
  const x = (i: number) => L + (levels.length === 1 ? (W - L - R) / 2 : (i * (W - L - R)) / (levels.length - 1));
  const y = (v: number) => T + (H - T - B) * (1 - v / maxY);
  const colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c'];
  const lines = results
    .map((r, k) => {
      const c = colors[k % colors.length];
      const path = (key: 'p50' | 'p95') =>
        r.levels.map((l, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(l.finalMs?.[key] ?? 0).toFixed(1)}`).join(' ');
      const dots = r.levels
        .map(
          (l, i) =>
            `<circle cx="${x(i).toFixed(1)}" cy="${y(l.finalMs?.p50 ?? 0).toFixed(1)}" r="3" fill="${c}"><title>${r.label}, ${l.users} users: p50 ${l.finalMs?.p50} ms, p95 ${l.finalMs?.p95} ms</title></circle>`,
        )
        .join('');
      return `<path d="${path('p50')}" stroke="${c}" fill="none" stroke-width="2"/><path d="${path('p95')}" stroke="${c}" fill="none" stroke-dasharray="5 4"/>${dots}<text x="${W - R + 10}" y="${T + 16 + k * 18}" fill="${c}" font-size="12">${r.label}</text>`;
    })
    .join('');
  const ticks = Array.from({ length: 5 }, (_, i) => (maxY * i) / 4)
    .map(
      (v) =>
        `<line x1="${L}" x2="${W - R}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/><text x="${L - 8}" y="${y(v) + 4}" text-anchor="end" font-size="11">${Math.round(v)}</text>`,
    )
    .join('');
  const xl = levels
    .map((u, i) => `<text x="${x(i)}" y="${H - B + 18}" text-anchor="middle" font-size="11">${u}</text>`)
    .join('');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title></head><body style="font-family:system-ui,sans-serif">
<h1 style="font-size:1.1rem">${esc(title)}</h1>
<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" role="img" aria-label="final-frame latency by concurrency">
${ticks}<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" stroke="#111"/><line x1="${L}" x2="${W - R}" y1="${H - B}" y2="${H - B}" stroke="#111"/>${xl}
<text x="${(L + W - R) / 2}" y="${H - 12}" text-anchor="middle" font-size="12">concurrent users</text>
<text x="16" y="${(T + H - B) / 2}" transform="rotate(-90 16 ${(T + H - B) / 2})" text-anchor="middle" font-size="12">ms to the final frame (p50 solid, p95 dashed)</text>
${lines}</svg>
<pre>${esc(table(results))}</pre></body></html>\n`;
}
