/** Plain-text tables for the terminal. */

export type Row = (string | number)[];

function cell(v: string | number): string {
  if (typeof v === 'number') return Number.isFinite(v) ? v.toLocaleString('en-GB') : 'n/a';
  return v;
}

/** Columns padded to their widest cell; numbers right-aligned. */
export function textTable(header: string[], rows: Row[]): string {
  const all = [header, ...rows.map((r) => r.map(cell))];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r: string[], source?: Row) =>
    r
      .map((c, i) => (typeof source?.[i] === 'number' ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((r) => line(r.map(cell), r)),
  ].join('\n');
}
