/** Timings of the intake's steps, for benchmarks (LMR_INTAKE_PROFILE). */

/** Per-statement timings, when LMR_INTAKE_PROFILE is set (`lmr ingest` prints them to stderr). */
export const PROFILE: Map<string, number> | null = process.env.LMR_INTAKE_PROFILE ? new Map() : null;

/** Times a step into PROFILE (when profiling). */
export async function timed<T>(label: string, step: () => Promise<T>): Promise<T> {
  if (!PROFILE) return step();
  const t = performance.now();
  try {
    return await step();
  } finally {
    PROFILE.set(label, (PROFILE.get(label) ?? 0) + performance.now() - t);
  }
}

/** The profile, slowest first, as lines of text. */
export function profileReport(): string {
  if (!PROFILE) return '';
  return [...PROFILE].sort((a, b) => b[1] - a[1]).map(([k, ms]) => `${(ms / 1000).toFixed(2).padStart(8)} s  ${k}`).join('\n');
}

