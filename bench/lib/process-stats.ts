import { readFileSync } from 'node:fs';

// Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel config.
const CLOCK_TICKS_PER_SECOND = 100;

/** Peak resident set size (VmHWM) of a process in KiB, or null when /proc is not available. */
export function peakRssKiB(pid: number): number | null {
  return statusField(pid, 'VmHWM');
}

export function currentRssKiB(pid: number): number | null {
  return statusField(pid, 'VmRSS');
}

function statusField(pid: number, field: string): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** User plus system CPU seconds a process has used so far, or null without /proc. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) / CLOCK_TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}
