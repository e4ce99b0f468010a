/**
 * A value as a failure message shows it, in the style of vitest's messages (`'text'`,
 * `[ 'a', 'b' ]`, `{ code: 'EEXIST' }`), so a case fails with the same words whether it ran in
 * vitest or in the built-in runner. Long values are cut: a message is one line of a report.
 */
export function formatValue(value: unknown, depth = 0): string {
  const text = format(value, depth);
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

function format(value: unknown, depth: number): string {
  if (typeof value === 'string') return `'${value.replace(/\n/g, '\\n')}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return `[Function ${value.name || 'anonymous'}]`;
  if (typeof value === 'symbol') return value.toString();
  if (typeof value !== 'object' || value === null) return String(value);
  if (depth > 2) return Array.isArray(value) ? '[Array]' : '[Object]';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[ ${value.map((item) => format(item, depth + 1)).join(', ')} ]`;
  }
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  return `{ ${entries.map(([key, item]) => `${key}: ${format(item, depth + 1)}`).join(', ')} }`;
}
