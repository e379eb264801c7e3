import { median } from '../stats';

/** One measured run of one gateway on one operation (or the mix). */
export interface RunFigures {
  readonly gateway: string;
  readonly op: string;
  readonly rep: number;
  readonly durationS: number;
  readonly responses: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly non2xx: number;
  readonly graphqlErrors: number;
  readonly socketErrors: number;
  readonly timeouts: number;
  readonly statuses: Record<string, number>;
  /** Gateway CPU (user + system) per completed request, ms. */
  readonly cpuMsPerRequest: number;
  /** Gateway peak RSS during the run (VmHWM after resetting it), MB. */
  readonly peakRssMb: number;
  /** GraphQL requests the four subgraphs served per completed request. */
  readonly subgraphCallsPerRequest: number;
  readonly samples: string[];
}

/** Medians over the repetitions of one gateway × operation. */
export interface Summary {
  readonly gateway: string;
  readonly op: string;
  readonly reps: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Totals over the repetitions. */
  readonly non2xx: number;
  readonly graphqlErrors: number;
  readonly socketErrors: number;
  readonly cpuMsPerRequest: number;
  /** The highest over the repetitions. */
  readonly peakRssMb: number;
  readonly subgraphCallsPerRequest: number;
}

export function summarize(runs: readonly RunFigures[], gateways: readonly string[], ops: readonly string[]): Summary[] {
  const out: Summary[] = [];
  for (const op of ops) {
    for (const gateway of gateways) {
      const mine = runs.filter(r => r.gateway === gateway && r.op === op);
      if (mine.length === 0) {
        continue;
      }
      const m = (f: (r: RunFigures) => number) => median(mine.map(f));
      const sum = (f: (r: RunFigures) => number) => mine.reduce((s, r) => s + f(r), 0);
      out.push({
        gateway,
        op,
        reps: mine.length,
        rps: m(r => r.rps),
        p50: m(r => r.p50),
        p99: m(r => r.p99),
        non2xx: sum(r => r.non2xx),
        graphqlErrors: sum(r => r.graphqlErrors),
        socketErrors: sum(r => r.socketErrors + r.timeouts),
        cpuMsPerRequest: m(r => r.cpuMsPerRequest),
        peakRssMb: Math.max(...mine.map(r => r.peakRssMb)),
        subgraphCallsPerRequest: m(r => r.subgraphCallsPerRequest),
      });
    }
  }
  return out;
}

export const SUMMARY_HEADER = ['operation', 'gateway', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx / GraphQL errors / socket', 'CPU ms/req', 'peak RSS MB', 'subgraph calls/req'];

export function summaryRows(summaries: readonly Summary[]): string[][] {
  return summaries.map(s => [
    s.op,
    s.gateway,
    s.rps.toFixed(1),
    s.p50.toFixed(1),
    s.p99.toFixed(1),
    `${s.non2xx} / ${s.graphqlErrors} / ${s.socketErrors}`,
    Number.isFinite(s.cpuMsPerRequest) ? s.cpuMsPerRequest.toFixed(2) : '?',
    Number.isFinite(s.peakRssMb) ? s.peakRssMb.toFixed(0) : '?',
    Number.isFinite(s.subgraphCallsPerRequest) ? s.subgraphCallsPerRequest.toFixed(2) : '?',
  ]);
}

/** Each gateway's mix throughput and p99 as ratios to a baseline gateway's. */
export function ratioRows(summaries: readonly Summary[], gateways: readonly string[], baselines: readonly string[], op = 'mix'): string[][] {
  const of = (g: string) => summaries.find(s => s.gateway === g && s.op === op);
  return gateways.map(g => {
    const s = of(g);
    return [
      g,
      ...baselines.flatMap(b => {
        const base = of(b);
        if (!s || !base) {
          return ['-', '-'];
        }
        return [`${(s.rps / base.rps).toFixed(2)}×`, `${(s.p99 / base.p99).toFixed(2)}×`];
      }),
    ];
  });
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (c: string) => c.replace(/\|/g, '\\|');
  return [`| ${header.map(esc).join(' | ')} |`, `|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`, ...rows.map(r => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

export const COLORS = ['#3b6fb6', '#d9822b', '#2e9e6a', '#b8434f', '#7d5ba6', '#8c8c8c'];

export const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function niceMax(v: number): number {
  if (!(v > 0)) {
    return 1;
  }
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) {
    if (m * p >= v) {
      return m * p;
    }
  }
  return 10 * p;
}

/**
 * An SVG of two panels of grouped bars: requests/s per operation and gateway (top), p99 latency
 * (bottom). Written here, with no plotting dependency.
 */
export function svgChart(summaries: readonly Summary[], gateways: readonly string[], ops: readonly string[], title: string): string {
  const W = 960;
  const panelH = 260;
  const left = 70;
  const right = 20;
  const top = 60;
  const gap = 70;
  const H = top + 2 * panelH + gap + 60;
  const plotW = W - left - right;
  const groupW = plotW / ops.length;
  const barW = Math.min(36, (groupW * 0.8) / gateways.length);
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${xml(title)}</text>`);
  // Legend.
  gateways.forEach((g, i) => {
    const x = left + i * 130;
    parts.push(`<rect x="${x}" y="32" width="12" height="12" fill="${COLORS[i % COLORS.length]}"/><text x="${x + 16}" y="43">${xml(g)}</text>`);
  });
  const panel = (y0: number, label: string, value: (s: Summary) => number, fmt: (v: number) => string) => {
    const values = summaries.filter(s => ops.includes(s.op) && gateways.includes(s.gateway)).map(value).filter(Number.isFinite);
    const max = niceMax(Math.max(0, ...values));
    const y = (v: number) => y0 + panelH - (v / max) * panelH;
    for (let t = 0; t <= 4; t++) {
      const v = (max * t) / 4;
      parts.push(`<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/>`);
      parts.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${fmt(v)}</text>`);
    }
    parts.push(`<text x="16" y="${y0 + panelH / 2}" transform="rotate(-90 16 ${y0 + panelH / 2})" text-anchor="middle">${xml(label)}</text>`);
    ops.forEach((op, oi) => {
      const gx = left + oi * groupW + (groupW - barW * gateways.length) / 2;
      gateways.forEach((g, gi) => {
        const s = summaries.find(x => x.op === op && x.gateway === g);
        if (!s || !Number.isFinite(value(s))) {
          return;
        }
        const v = value(s);
        const x = gx + gi * barW;
        parts.push(
          `<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(y0 + panelH - y(v)).toFixed(1)}" fill="${COLORS[gi % COLORS.length]}"><title>${xml(`${op} ${g}: ${fmt(v)}`)}</title></rect>`,
        );
        parts.push(`<text x="${(x + (barW - 2) / 2).toFixed(1)}" y="${(y(v) - 3).toFixed(1)}" text-anchor="middle" font-size="9" fill="#333">${fmt(v)}</text>`);
      });
      parts.push(`<text x="${left + oi * groupW + groupW / 2}" y="${y0 + panelH + 16}" text-anchor="middle">${xml(op)}</text>`);
    });
    parts.push(`<line x1="${left}" x2="${W - right}" y1="${y0 + panelH}" y2="${y0 + panelH}" stroke="#333"/>`);
  };
  panel(top + 10, 'requests/s (median)', s => s.rps, v => (v >= 100 ? v.toFixed(0) : v.toFixed(1)));
  panel(top + 10 + panelH + gap, 'p99 latency ms (median)', s => s.p99, v => (v >= 100 ? v.toFixed(0) : v.toFixed(1)));
  parts.push(`<text x="${W / 2}" y="${H - 12}" text-anchor="middle" fill="#555">Gateway on core 0 (taskset -c 0), load generator (autocannon) on core 1; subgraphs and PostgreSQL unpinned.</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}
