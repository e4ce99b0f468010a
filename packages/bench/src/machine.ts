import { cpus, release, tmpdir, totalmem } from 'node:os';
import { detectFilesystem } from 'linklock';

/** What the numbers were measured on: they mean little without it. */
export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
  /** The filesystem of the temporary directory, where every workload runs. */
  filesystem: string;
}

export async function describeMachine(): Promise<Machine> {
  const processors = cpus();
  const filesystem = await detectFilesystem(tmpdir()).catch(() => undefined);
  return {
    date: new Date().toISOString(),
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: `${process.platform} ${release()}`,
    filesystem: filesystem ? `${filesystem.fsType} (${tmpdir()})` : `unknown (${tmpdir()})`,
  };
}
