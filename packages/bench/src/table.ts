/** One workload's table in a report: the header row first; a note under it, if any. */
export interface Section {
  title: string;
  /** Empty for a workload that has only a note to show (one that was skipped). */
  rows: string[][];
  note?: string;
}

/** A plain text table: the first row is the header; numbers are right-aligned. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = columnWidths(rows);
  return rows
    .map((row, index) => {
      const line = row
        .map((cell, column) => align(cell, widths[column] as number, column))
        .join('  ');
      if (index !== 0) return line;
      return `${line}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`;
    })
    .join('\n');
}

/** The same table in Markdown. */
export function markdownTable(rows: readonly (readonly string[])[]): string {
  const [header, ...body] = rows;
  if (header === undefined) return '';
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = `|${header.map((_, column) => (column === 0 ? ' --- ' : ' ---: ')).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}

function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return widths;
}

/** The first column (names) is left-aligned, the others (numbers) right-aligned. */
function align(cell: string, width: number, column: number): string {
  return column === 0 ? cell.padEnd(width) : cell.padStart(width);
}
