import type { Logger } from '@linklock/core';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** A Logger that keeps every line, so tests can assert what was (not) said. */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];

  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warn(message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  error(message: string): void {
    this.lines.push({ level: 'error', message });
  }

  /** The messages at error level, in order. */
  errors(): string[] {
    return this.lines.filter((line) => line.level === 'error').map((line) => line.message);
  }

  /** Lines at warn or error level: what an operator would be alarmed by. */
  alarms(): LogLine[] {
    return this.lines.filter((line) => line.level === 'warn' || line.level === 'error');
  }
}
