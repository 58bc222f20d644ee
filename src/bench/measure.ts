import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';

export interface Measured {
  seconds: number;
  /**
   * Peak resident memory of the process and every process it started (the intake's parser process):
   * the most of their summed RSS at any sample (every 100 ms).
   */
  peakRssMiB: number;
  /** The sum of each process's own peak (the kernel's high-water mark): an upper bound of the above. */
  peakRssBoundMiB: number;
  /**
   * CPU time (user + system) of the process and every process it started, each as last sampled (so
   * up to 100 ms of a process's end may be missed).
   */
  cpuSeconds: number;
  /** The share of the machine's CPU time (all cores) that was busy while the command ran, by anyone. */
  machineBusy: number;
  /** The machine's cores. */
  cores: number;
  status: number;
  stdout: string;
}

/** Clock ticks per second of /proc's CPU times (Linux's USER_HZ, 100 on every common kernel). */
const TICKS = 100;

/** A process's CPU time so far in clock ticks (utime + stime of /proc/PID/stat), or 0 once it is gone. */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command name (which may hold spaces, so it ends at the last ')').
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** The machine's CPU time so far, all cores: [busy, total] clock ticks (the first line of /proc/stat). */
function machineTicks(): [number, number] {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).map(Number);
    const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
    return [total - idle, total];
  } catch {
    return [0, 0];
  }
}

function statusKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** A process and its descendants (Linux: /proc/PID/task/TID/children). */
function tree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    try {
      for (const tid of readdirSync(`/proc/${out[i]}/task`)) {
        const kids = readFileSync(`/proc/${out[i]}/task/${tid}/children`, 'utf8').trim();
        if (kids) out.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      // gone
    }
  }
  return out;
}

/** Runs a command, timing it and sampling the RSS of its process tree until it exits. */
export function measure(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Measured> {
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let peak = 0;
  const highWater = new Map<number, number>();
  const cpu = new Map<number, number>();
  const machineAtStart = machineTicks();
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const timer = setInterval(() => {
    if (!child.pid) return;
    let sum = 0;
    for (const pid of tree(child.pid)) {
      sum += statusKiB(pid, 'VmRSS');
      highWater.set(pid, Math.max(highWater.get(pid) ?? 0, statusKiB(pid, 'VmHWM')));
      cpu.set(pid, Math.max(cpu.get(pid) ?? 0, cpuTicks(pid)));
    }
    peak = Math.max(peak, sum);
  }, 100);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearInterval(timer);
      const bound = [...highWater.values()].reduce((a, b) => a + b, 0);
      const [busy, total] = machineTicks().map((t, i) => t - machineAtStart[i]!) as [number, number];
      resolve({
        seconds: (performance.now() - started) / 1000,
        peakRssMiB: Math.round(peak / 1024),
        peakRssBoundMiB: Math.round(bound / 1024),
        cpuSeconds: [...cpu.values()].reduce((a, b) => a + b, 0) / TICKS,
        machineBusy: total > 0 ? busy / total : 0,
        cores: availableParallelism(),
        status: code ?? -1,
        stdout,
      });
    });
  });
}
