import type { Logger } from '@linklock/core';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

/** Keeps what a lock logged: an ordinary hand-off must log nothing at warn or error level. */
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

  /** The warn and error lines, as text. */
  complaints(): string[] {
    return this.lines
      .filter((line) => line.level === 'warn' || line.level === 'error')
      .map((line) => `${line.level}: ${line.message}`);
  }
}
