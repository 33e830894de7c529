import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';

export interface MachineInfo {
  uname: string;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  date: string;
  /** 1, 5 and 15 minute load averages when the info was taken. */
  loadAverage: [number, number, number];
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
    loadAverage: currentLoad(),
  };
}

export function currentLoad(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = loadavg().map((n) => Math.round(n * 100) / 100);
  return [a, b, c];
}

/** Other work on the machine skews every figure; the results say so when it was busy. */
export function busyMachineWarning(machine: MachineInfo, endLoad: [number, number, number]): string | null {
  const worst = Math.max(machine.loadAverage[0], endLoad[0]);
  if (worst <= machine.nproc * 0.5) return null;
  return `**Noisy run:** the 1-minute load average was ${machine.loadAverage[0]} at the start and ${endLoad[0]} at the end on ${machine.nproc} cores, so other processes competed with the benchmark; rerun on a quiet machine before comparing absolute figures.`;
}
