import type { Logger } from '@linklock/core';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  /** The structured fields logged with the message, if any. */
  fields: object | undefined;
}

/**
 * A Logger that keeps every line, so a test can assert what a lock said, and what it did not:
 * an ordinary hand-off logs nothing at warn or error level.
 */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];

  debug(message: string, fields?: object): void {
    this.lines.push({ level: 'debug', message, fields });
  }
  info(message: string, fields?: object): void {
    this.lines.push({ level: 'info', message, fields });
  }
  warn(message: string, fields?: object): void {
    this.lines.push({ level: 'warn', message, fields });
  }
  error(message: string, fields?: object): void {
    this.lines.push({ level: 'error', message, fields });
  }

  /** The messages logged at `level`, in order. */
  messages(level: LogLine['level']): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }

  /** The lines at warn or error level: what an operator would be alarmed by. */
  alarms(): LogLine[] {
    return this.lines.filter((line) => line.level === 'warn' || line.level === 'error');
  }

  /** The warn and error lines as text (`warn: <message>`), for a failure message. */
  complaints(): string[] {
    return this.alarms().map((line) => `${line.level}: ${line.message}`);
  }

  /** Whether a line at `level` matches `pattern`. */
  said(level: LogLine['level'], pattern: RegExp): boolean {
    return this.lines.some((line) => line.level === level && pattern.test(line.message));
  }
}
