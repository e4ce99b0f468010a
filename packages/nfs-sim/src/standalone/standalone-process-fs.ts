import type {
  FileRead,
  FsAdapter,
  FsCapabilities,
  FsStats,
  WriteFileOptions,
} from '@linklock/core';
import type { ProcessFs } from '../client/process-fs.js';
import type { SchedulerDriver } from './scheduler-driver.js';

/** A simulated process's adapter whose every call drives the scheduler until it settles. */
export class StandaloneProcessFs implements FsAdapter {
  readonly capabilities: FsCapabilities;
  readonly #fs: ProcessFs;
  readonly #driver: SchedulerDriver;

  constructor(fs: ProcessFs, driver: SchedulerDriver) {
    this.#fs = fs;
    this.#driver = driver;
    this.capabilities = fs.capabilities;
  }

  writeFile(path: string, data: string, options?: WriteFileOptions): Promise<void> {
    return this.#driver.drive(() => this.#fs.writeFile(path, data, options));
  }

  read(path: string, options: { maxBytes: number }): Promise<FileRead> {
    return this.#driver.drive(() => this.#fs.read(path, options));
  }

  writeAt(path: string, offset: number, data: string): Promise<void> {
    return this.#driver.drive(() => this.#fs.writeAt(path, offset, data));
  }

  link(existingPath: string, newPath: string): Promise<void> {
    return this.#driver.drive(() => this.#fs.link(existingPath, newPath));
  }

  unlink(path: string): Promise<void> {
    return this.#driver.drive(() => this.#fs.unlink(path));
  }

  rename(oldPath: string, newPath: string): Promise<void> {
    return this.#driver.drive(() => this.#fs.rename(oldPath, newPath));
  }

  stat(path: string): Promise<FsStats> {
    return this.#driver.drive(() => this.#fs.stat(path));
  }

  readdir(path: string): Promise<string[]> {
    return this.#driver.drive(() => this.#fs.readdir(path));
  }
}
