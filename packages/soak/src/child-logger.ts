import type { Logger } from 'linklock';
import type { ChildReport } from './child-protocol.js';

/**
 * The lock's logger in a soak child: warnings and errors go to the parent, which prints them
 * with the summary; "broke a lock" lines are counted; the rest is dropped.
 */
export function childLogger(report: (message: ChildReport) => void): Logger {
  const forward = (level: 'warn' | 'error') => (message: string, fields?: object) => {
    report({ type: 'log', level, message: `${message}${describeFields(fields)}` });
  };
  return {
    debug: () => {},
    info: (message) => {
      if (message.includes('broke a lock')) report({ type: 'broke' });
    },
    warn: forward('warn'),
    error: forward('error'),
  };
}

function describeFields(fields: object | undefined): string {
  if (fields === undefined) return '';
  const text = JSON.stringify(fields, (_, value: unknown) =>
    value instanceof Error
      ? `${(value as { code?: string }).code ?? value.name}: ${value.message}`
      : value,
  );
  return ` ${text.length > 400 ? `${text.slice(0, 400)}…` : text}`;
}
