/** Percentile (nearest rank) of a sample, in the sample's unit. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) {
    return Number.NaN;
  }
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (sample: readonly number[]): number => percentile(sample, 50);

/** Formats a table with a header row, columns padded to fit. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map(r => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map(r => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(cells[0]), widths.map(w => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** Milliseconds with two decimals. */
export const ms = (n: number): string => n.toFixed(2);

/** Prints a line. */
export const say = (s: string): void => {
  process.stdout.write(s + '\n');
};

/** The value of `--name` on the command line, or `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
