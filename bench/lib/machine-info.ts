import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';

export interface MachineInfo {
  uname: string;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  date: string;
}

function run(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

/** What a reader needs to judge the figures: the same code is 2x faster on a bigger box. */
export function machineInfo(): MachineInfo {
  return {
    uname: run('uname', ['-a']) ?? `${process.platform} ${process.arch}`,
    nproc: Number(run('nproc', [])) || cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date: new Date().toISOString(),
  };
}
