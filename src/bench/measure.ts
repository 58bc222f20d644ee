import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface Measured {
  seconds: number;
  peakRssMiB: number;
  status: number;
  stdout: string;
}

/** Peak resident memory of a process so far (VmHWM), in KiB; 0 when it has exited. */
function highWaterKiB(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs a command, timing it and sampling its peak RSS (the kernel's high-water mark) until it exits. */
export function measure(cmd: string, args: string[], env: Record<string, string> = {}): Promise<Measured> {
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  let peak = 0;
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const timer = setInterval(() => {
    if (child.pid) peak = Math.max(peak, highWaterKiB(child.pid));
  }, 100);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - started) / 1000, peakRssMiB: Math.round(peak / 1024), status: code ?? -1, stdout });
    });
  });
}
