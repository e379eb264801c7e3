import { COLORS, markdownTable, niceMax, xml } from './gateway/report';

/** CPU milliseconds per 1,000 rows, by process. */
export interface CpuPerThousand {
  readonly gateway: number;
  readonly chain: number;
  readonly database: number;
  readonly reader: number;
}

/** What one `npm run bench -- export` measured, for its report. */
export interface ExportFigures {
  readonly date: string;
  readonly rows: number;
  readonly page: number;
  /** The goal in rows/s (issue 6). */
  readonly goal: number;
  readonly gatewayPeakMb: number;
  readonly exports: readonly { readonly rowsPerSecond: number; readonly cpu: CpuPerThousand }[];
  readonly baselines: readonly { readonly rowsPerSecond: number; readonly cpu: Pick<CpuPerThousand, 'reader' | 'database'> }[];
}

/** The median; of an even count, the mean of the middle two. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const PROCESSES: readonly { key: keyof CpuPerThousand; label: string }[] = [
  { key: 'chain', label: 'chain subgraph' },
  { key: 'gateway', label: 'gateway' },
  { key: 'database', label: 'PostgreSQL' },
  { key: 'reader', label: 'reader' },
];

/** The medians the report shows. */
export function exportSummary(f: ExportFigures) {
  const exportRate = median(f.exports.map(e => e.rowsPerSecond));
  const baselineRate = median(f.baselines.map(b => b.rowsPerSecond));
  const ratio = median(f.exports.map((e, i) => e.rowsPerSecond / f.baselines[i].rowsPerSecond));
  const cpu = Object.fromEntries(PROCESSES.map(p => [p.key, median(f.exports.map(e => e.cpu[p.key]))])) as unknown as CpuPerThousand;
  const baselineCpu = { reader: median(f.baselines.map(b => b.cpu.reader)), database: median(f.baselines.map(b => b.cpu.database)), gateway: 0, chain: 0 };
  return { exportRate, baselineRate, ratio, cpu, baselineCpu };
}

/**
 * An SVG of two panels: rows/s of each export run against the goal (left), and where the CPU of
 * 1,000 rows goes, by process, for the export and for the baseline (right).
 */
export function exportSvg(f: ExportFigures, title: string): string {
  const s = exportSummary(f);
  const W = 960;
  const H = 420;
  const top = 70;
  const plotH = 260;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  parts.push(`<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${xml(title)}</text>`);
  const axis = (x0: number, x1: number, max: number, label: string, fmt: (v: number) => string) => {
    const y = (v: number) => top + plotH - (v / max) * plotH;
    // Four steps, or five where a quarter of the scale is not a round number (25 → 5s).
    const steps = Number.isInteger(((max / 4) * 10) / Math.pow(10, Math.floor(Math.log10(max)))) ? 4 : 5;
    for (let t = 0; t <= steps; t++) {
      const v = (max * t) / steps;
      parts.push(`<line x1="${x0}" x2="${x1}" y1="${y(v)}" y2="${y(v)}" stroke="#e3e3e3"/>`);
      parts.push(`<text x="${x0 - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${fmt(v)}</text>`);
    }
    parts.push(`<line x1="${x0}" x2="${x1}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333"/>`);
    parts.push(`<text x="${x0 - 52}" y="${top + plotH / 2}" transform="rotate(-90 ${x0 - 52} ${top + plotH / 2})" text-anchor="middle">${xml(label)}</text>`);
    return y;
  };

  // Left: rows/s per run, and the goal.
  const lx0 = 90;
  const lx1 = 450;
  const rateMax = niceMax(Math.max(f.goal * 1.2, ...f.exports.map(e => e.rowsPerSecond)));
  const ly = axis(lx0, lx1, rateMax, 'export rows/s', v => v.toLocaleString('en'));
  const slot = (lx1 - lx0) / f.exports.length;
  const barW = Math.min(60, slot * 0.6);
  f.exports.forEach((e, i) => {
    const x = lx0 + i * slot + (slot - barW) / 2;
    const v = e.rowsPerSecond;
    parts.push(`<rect x="${x.toFixed(1)}" y="${ly(v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(top + plotH - ly(v)).toFixed(1)}" fill="${COLORS[0]}"><title>run ${i + 1}: ${Math.round(v).toLocaleString('en')} rows/s</title></rect>`);
    parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${(ly(v) - 4).toFixed(1)}" text-anchor="middle" font-size="11">${Math.round(v).toLocaleString('en')}</text>`);
    parts.push(`<text x="${(x + barW / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle">run ${i + 1}</text>`);
  });
  parts.push(`<line x1="${lx0}" x2="${lx1}" y1="${ly(f.goal)}" y2="${ly(f.goal)}" stroke="${COLORS[3]}" stroke-width="2" stroke-dasharray="6 4"/>`);
  parts.push(`<text x="${lx1 + 6}" y="${ly(f.goal) + 4}" fill="${COLORS[3]}">goal ${f.goal.toLocaleString('en')}</text>`);
  parts.push(
    `<text x="${(lx0 + lx1) / 2}" y="${top + plotH + 40}" text-anchor="middle" fill="#333">median ${Math.round(s.exportRate).toLocaleString('en')} rows/s · baseline ${Math.round(s.baselineRate).toLocaleString('en')} rows/s · ratio ${s.ratio.toFixed(2)}</text>`,
  );

  // Right: CPU per 1,000 rows, stacked by process.
  const rx0 = 600;
  const rx1 = 900;
  const total = (c: CpuPerThousand) => c.gateway + c.chain + c.database + c.reader;
  const cpuMax = niceMax(Math.max(total(s.cpu), total(s.baselineCpu)));
  const ry = axis(rx0, rx1, cpuMax, 'CPU ms per 1,000 rows (median)', v => v.toFixed(v < 10 ? 1 : 0));
  const stacks: [string, CpuPerThousand][] = [
    ['export', s.cpu],
    ['baseline', s.baselineCpu],
  ];
  const sw = 70;
  stacks.forEach(([name, c], i) => {
    const x = rx0 + (i + 0.5) * ((rx1 - rx0) / 2) - sw / 2;
    let acc = 0;
    PROCESSES.forEach((p, pi) => {
      const v = c[p.key];
      if (v <= 0) {
        return;
      }
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${ry(acc + v).toFixed(1)}" width="${sw}" height="${(ry(acc) - ry(acc + v)).toFixed(1)}" fill="${COLORS[(pi + 1) % COLORS.length]}"><title>${xml(`${name}, ${p.label}: ${v.toFixed(1)} ms`)}</title></rect>`,
      );
      if (ry(acc) - ry(acc + v) > 13) {
        parts.push(`<text x="${(x + sw / 2).toFixed(1)}" y="${((ry(acc) + ry(acc + v)) / 2 + 4).toFixed(1)}" text-anchor="middle" fill="#fff" font-size="11">${v.toFixed(1)}</text>`);
      }
      acc += v;
    });
    parts.push(`<text x="${(x + sw / 2).toFixed(1)}" y="${(ry(acc) - 4).toFixed(1)}" text-anchor="middle" font-size="11">${acc.toFixed(1)}</text>`);
    parts.push(`<text x="${(x + sw / 2).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle">${name}</text>`);
  });
  let lx = rx0 - 60;
  PROCESSES.forEach((p, pi) => {
    const x = lx;
    lx += 34 + 7 * p.label.length;
    parts.push(`<rect x="${x}" y="38" width="12" height="12" fill="${COLORS[(pi + 1) % COLORS.length]}"/><text x="${x + 16}" y="49">${xml(p.label)}</text>`);
  });
  parts.push(
    `<text x="${W / 2}" y="${H - 28}" text-anchor="middle" fill="#555">${xml(`${f.rows.toLocaleString('en')} transfers, pages of ${f.page}, NDJSON, partner token; gateway peak RSS ${Math.round(f.gatewayPeakMb)} MB. ${f.date}`)}</text>`,
    `<text x="${W / 2}" y="${H - 10}" text-anchor="middle" fill="#555">Baseline: the same rows read by plain keyset SQL and written as NDJSON by one process, before each run.</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/** The report as Markdown, pointing at its SVG. */
export function exportMarkdown(f: ExportFigures, title: string, svgName: string): string {
  const s = exportSummary(f);
  const rows = f.exports.map((e, i) => [
    `run ${i + 1}`,
    Math.round(e.rowsPerSecond).toLocaleString('en'),
    Math.round(f.baselines[i].rowsPerSecond).toLocaleString('en'),
    (e.rowsPerSecond / f.baselines[i].rowsPerSecond).toFixed(2),
    ...PROCESSES.map(p => e.cpu[p.key].toFixed(1)),
  ]);
  rows.push([
    '**median**',
    `**${Math.round(s.exportRate).toLocaleString('en')}**`,
    Math.round(s.baselineRate).toLocaleString('en'),
    s.ratio.toFixed(2),
    ...PROCESSES.map(p => s.cpu[p.key].toFixed(1)),
  ]);
  return [
    `# ${title}`,
    '',
    `Command: \`npm run bench -- export --rows ${f.rows} --page ${f.page} --repeat ${f.exports.length}\`, ${f.date}. Goal: over ${f.goal.toLocaleString('en')} rows/s with the gateway's peak RSS under 300 MB; peak RSS here: ${Math.round(f.gatewayPeakMb)} MB.`,
    '',
    markdownTable(['run', 'export rows/s', 'baseline rows/s', 'export ÷ baseline', ...PROCESSES.map(p => `${p.label} CPU ms/1,000 rows`)], rows),
    '',
    `![export throughput](${svgName})`,
    '',
  ].join('\n');
}
