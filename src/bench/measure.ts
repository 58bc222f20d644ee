import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface Measured {
  seconds: number;
  /**
   * Peak resident memory of the process and every process it started (the intake's parser process):
   * the most of their summed RSS at any sample (every 100 ms).
   */
  peakRssMiB: number;
  /** The sum of each process's own peak (the kernel's high-water mark): an upper bound of the above. */
  peakRssBoundMiB: number;
  status: number;
  stdout: string;
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
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const timer = setInterval(() => {
    if (!child.pid) return;
    let sum = 0;
    for (const pid of tree(child.pid)) {
      sum += statusKiB(pid, 'VmRSS');
      highWater.set(pid, Math.max(highWater.get(pid) ?? 0, statusKiB(pid, 'VmHWM')));
    }
    peak = Math.max(peak, sum);
  }, 100);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearInterval(timer);
      const bound = [...highWater.values()].reduce((a, b) => a + b, 0);
      resolve({ seconds: (performance.now() - started) / 1000, peakRssMiB: Math.round(peak / 1024), peakRssBoundMiB: Math.round(bound / 1024), status: code ?? -1, stdout });
    });
  });
}
