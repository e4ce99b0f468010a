import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DirectoryWatchers, type WatcherLike } from '../src/directory-watchers.js';

class FakeWatcher extends EventEmitter implements WatcherLike {
  closed = 0;
  constructor(readonly directory: string) {
    super();
  }
  close(): void {
    this.closed += 1;
  }
}

function setup() {
  const started: FakeWatcher[] = [];
  const watchers = new DirectoryWatchers((directory) => {
    const watcher = new FakeWatcher(directory);
    started.push(watcher);
    return watcher;
  });
  return { started, watchers };
}

describe('DirectoryWatchers', () => {
  it('shares one watcher per directory and closes it with the last subscriber', () => {
    const { started, watchers } = setup();
    const a: Array<string | null> = [];
    const b: Array<string | null> = [];
    const stopA = watchers.subscribe('/locks', (name) => a.push(name));
    const stopB = watchers.subscribe('/locks/', (name) => b.push(name));
    expect(started).toHaveLength(1);
    expect(watchers.size).toBe(1);
    started[0]?.emit('change', 'rename', 'jobs.lock');
    expect(a).toEqual(['jobs.lock']);
    expect(b).toEqual(['jobs.lock']);
    stopA();
    stopA();
    expect(started[0]?.closed).toBe(0);
    started[0]?.emit('change', 'change', null);
    expect(a).toEqual(['jobs.lock']);
    expect(b).toEqual(['jobs.lock', null]);
    stopB();
    expect(started[0]?.closed).toBe(1);
    expect(watchers.size).toBe(0);
    started[0]?.emit('change', 'rename', 'late');
    expect(b).toEqual(['jobs.lock', null]);
  });

  it('keeps separate watchers for separate directories', () => {
    const { started, watchers } = setup();
    const stopA = watchers.subscribe('/a', () => {});
    const stopB = watchers.subscribe('/b', () => {});
    expect(started.map((w) => w.directory)).toEqual(['/a', '/b']);
    stopA();
    stopB();
    expect(started.every((w) => w.closed === 1)).toBe(true);
  });

  it('on a watcher error closes it and tells each subscriber null once', () => {
    const { started, watchers } = setup();
    const a: Array<string | null> = [];
    const b: Array<string | null> = [];
    const stopA = watchers.subscribe('/locks', (name) => a.push(name));
    watchers.subscribe('/locks', (name) => b.push(name));
    started[0]?.emit('error', new Error('EMFILE'));
    started[0]?.emit('error', new Error('again'));
    started[0]?.emit('change', 'rename', 'ignored');
    expect(a).toEqual([null]);
    expect(b).toEqual([null]);
    expect(started[0]?.closed).toBe(1);
    expect(watchers.size).toBe(0);

    // A new subscription starts a fresh watcher; the old unsubscribe does not touch it.
    const c: Array<string | null> = [];
    const stopC = watchers.subscribe('/locks', (name) => c.push(name));
    expect(started).toHaveLength(2);
    stopA();
    expect(started[1]?.closed).toBe(0);
    started[1]?.emit('change', 'rename', 'jobs.lock');
    expect(c).toEqual(['jobs.lock']);
    stopC();
    expect(started[1]?.closed).toBe(1);
  });

  it('gives a silent subscription when the watcher cannot start', () => {
    const watchers = new DirectoryWatchers(() => {
      throw Object.assign(new Error('ENOSPC: inotify watch limit reached'), { code: 'ENOSPC' });
    });
    const stop = watchers.subscribe('/locks', () => {});
    expect(watchers.size).toBe(0);
    stop();
  });

  it('a throwing subscriber does not keep the others from hearing', async () => {
    const { started, watchers } = setup();
    const heard: Array<string | null> = [];
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    const listeners = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    process.on('uncaughtException', onUncaught);
    try {
      watchers.subscribe('/locks', () => {
        throw new Error('subscriber bug');
      });
      watchers.subscribe('/locks', (name) => heard.push(name));
      started[0]?.emit('change', 'rename', 'jobs.lock');
      expect(heard).toEqual(['jobs.lock']);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(uncaught).toHaveLength(1);
    } finally {
      process.off('uncaughtException', onUncaught);
      for (const listener of listeners) process.on('uncaughtException', listener);
    }
  });
});
