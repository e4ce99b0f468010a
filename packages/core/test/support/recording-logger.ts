import type { Logger } from '@linklock/core';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: object | undefined;
}

/** A Logger that keeps every line, so tests can assert what was (not) said. */
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

  /** Lines at warn or error level: what an operator would be alarmed by. */
  alarms(): LogLine[] {
    return this.lines.filter((line) => line.level === 'warn' || line.level === 'error');
  }

  said(level: LogLine['level'], pattern: RegExp): boolean {
    return this.lines.some((line) => line.level === level && pattern.test(line.message));
  }
}
