import { type Outcome, ServerModel } from '@linklock/nfs-sim';
import type { CreateMode, Loss, ServerTarget } from './server-target.js';

const DIR = '/dir';
const path = (name: string) => `${DIR}/${name}`;

/** The simulator's server model (`ServerModel` of @linklock/nfs-sim) as a {@link ServerTarget}. */
export class ModelTarget implements ServerTarget {
  readonly #model = new ServerModel([DIR]);
  readonly #handles = new Map<string, number>();
  #verifiers = 0;

  /**
   * As a real client makes it: CREATE (empty), then WRITE of the content, only when the create
   * succeeded. (The simulator's own clients send the content with the CREATE; docs/simulator.md
   * says why.)
   */
  async create(name: string, data: string, how: CreateMode, lost?: Loss): Promise<string> {
    const verifier = how === 'exclusive' ? `verifier-${++this.#verifiers}` : undefined;
    const create = () => this.#model.fs.create(path(name), '', { exclusive: true, verifier });
    const created = this.#call('CREATE', create, lost);
    if (created !== 'OK') return created;
    const { ino } = this.#model.fs.getattrPath(path(name));
    return this.#call('WRITE', () => this.#model.fs.write(ino, path(name), 0, data));
  }

  async link(from: string, to: string, lost?: Loss): Promise<string> {
    return this.#call('LINK', () => this.#model.fs.link(path(from), path(to)), lost);
  }

  async rename(from: string, to: string, lost?: Loss): Promise<string> {
    return this.#call('RENAME', () => this.#model.fs.rename(path(from), path(to)), lost);
  }

  async remove(name: string, lost?: Loss): Promise<string> {
    return this.#call('REMOVE', () => this.#model.fs.remove(path(name)), lost);
  }

  async keepHandle(name: string): Promise<string> {
    const outcome = this.#model.call('LOOKUP', () => this.#model.fs.lookup(path(name)), {
      idempotent: true,
    });
    if (outcome.ok)
      this.#handles.set(name, (outcome.value as { attributes: { ino: number } }).attributes.ino);
    return answer(outcome);
  }

  async readHandle(name: string): Promise<string> {
    const outcome = this.#model.call(
      'READ',
      () => this.#model.fs.read(this.#handle(name), path(name)),
      {
        idempotent: true,
      },
    );
    return outcome.ok
      ? `OK ${JSON.stringify((outcome.value as { data: string }).data)}`
      : outcome.code;
  }

  async getattrHandle(name: string): Promise<string> {
    return this.#call(
      'GETATTR',
      () => this.#model.fs.getattr(this.#handle(name), path(name)),
      undefined,
      true,
    );
  }

  async writeHandle(name: string, data: string): Promise<string> {
    return this.#call('WRITE', () => this.#model.fs.write(this.#handle(name), path(name), 0, data));
  }

  async files(): Promise<Record<string, string>> {
    const files: Record<string, string> = {};
    for (const name of this.#model.fs.readdir(DIR)) {
      const { ino } = this.#model.fs.getattrPath(path(name));
      files[name] = this.#model.fs.read(ino, path(name)).data;
    }
    return files;
  }

  async close(): Promise<void> {}

  #handle(name: string): number {
    const handle = this.#handles.get(name);
    if (handle === undefined) throw new Error(`no handle kept for ${name}`);
    return handle;
  }

  #call(procedure: string, run: () => unknown, lost?: Loss, idempotent = false): string {
    return answer(
      this.#model.call(procedure, run, {
        idempotent,
        ...(lost === undefined ? {} : { retransmitted: lost }),
      }),
    );
  }
}

function answer(outcome: Outcome): string {
  return outcome.ok ? 'OK' : outcome.code;
}
