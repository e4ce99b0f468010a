import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Mode } from './worker-lines.js';

/**
 * What a shared-lock worker checks inside the lock, through files of a directory every
 * process reaches directly (not through the mount under test, so no cache hides a file):
 * each holder puts a marker `<mode>-<pid>` there while it is inside. A writer must find no
 * marker but its own, a reader no writer's, when it enters and again when it leaves. A
 * writer also increments a counter file (read, then write: an update is lost unless it runs
 * alone); a reader reads the counter when it enters and when it leaves, and must find it
 * unchanged. py-filelock's worker (packages/bench/py/soft_rw_worker.py) checks the same.
 */
export class InsideCheck {
  readonly #marker: string;

  constructor(
    readonly directory: string,
    readonly counter: string,
    readonly mode: Mode,
    readonly pid: number,
  ) {
    this.#marker = join(directory, `${mode}-${pid}`);
  }

  /** Enters: puts the marker; returns the readers inside and what is wrong. */
  enter(): { readersSeen: number; problems: string[]; counter: number } {
    writeFileSync(this.#marker, '', { flag: 'wx' });
    const counter = this.#readCounter();
    if (this.mode === 'write') writeFileSync(this.counter, `${counter + 1}\n`);
    const { readers, problems } = this.#look('entering');
    return { readersSeen: readers, problems, counter };
  }

  /** Leaves: looks again, removes the marker; returns what is wrong. */
  leave(counterAtEntry: number): string[] {
    const { problems } = this.#look('leaving');
    if (this.mode === 'read') {
      const counter = this.#readCounter();
      if (counter !== counterAtEntry) {
        problems.push(`the counter went from ${counterAtEntry} to ${counter} while reading`);
      }
    }
    unlinkSync(this.#marker);
    return problems;
  }

  #look(when: string): { readers: number; problems: string[] } {
    const others = readdirSync(this.directory).filter(
      (name) => name !== `${this.mode}-${this.pid}`,
    );
    const intruders =
      this.mode === 'write' ? others : others.filter((name) => name.startsWith('write-'));
    const readers = others.filter((name) => name.startsWith('read-')).length;
    const role = this.mode === 'read' ? 'reader' : 'writer';
    const problems = intruders.map((name) => `${when} as ${role}, found ${name} inside`);
    return { readers: this.mode === 'read' ? readers + 1 : readers, problems };
  }

  #readCounter(): number {
    const text = readFileSync(this.counter, 'utf8').trim();
    const value = Number(text);
    if (text === '' || !Number.isSafeInteger(value)) {
      throw new Error(`counter file holds ${JSON.stringify(text)}, not an integer`);
    }
    return value;
  }
}
