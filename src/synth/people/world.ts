import { CURRENT_MUNICIPALITIES, lineagesOf, type MunicipalityCode } from '../geography/geography.js';
import { toDay } from './dates.js';

/** One code of a lineage as day numbers: held from `from` to `to` inclusive (±Infinity when open). */
export interface LineageStep {
  code: string;
  from: number;
  to: number;
}

/**
 * The geography prepared for sampling: current municipalities with cumulative population weights
 * (nationally and per county), and each municipality's lineages (the code chains its residents'
 * periods are written with), as day numbers.
 */
export interface World {
  municipalities: readonly MunicipalityCode[];
  totalPopulation: number;
  cumulative: Float64Array;
  byCounty: ReadonlyMap<string, { indices: Int32Array; cumulative: Float64Array }>;
  lineageCumulative: readonly Float64Array[];
  lineageSteps: readonly (readonly LineageStep[])[][];
}

function cumulate(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
  out[out.length - 1] = 1;
  return out;
}

/** The index whose cumulative share first exceeds r (r in [0, 1)). */
export function pickIndex(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

let cached: World | undefined;

export function world(): World {
  if (cached) return cached;
  const municipalities = CURRENT_MUNICIPALITIES;
  const counties = [...new Set(municipalities.map((m) => m.county))];
  const byCounty = new Map<string, { indices: Int32Array; cumulative: Float64Array }>();
  for (const c of counties) {
    const indices = municipalities.flatMap((m, i) => (m.county === c ? [i] : []));
    byCounty.set(c, { indices: Int32Array.from(indices), cumulative: cumulate(indices.map((i) => municipalities[i]!.population)) });
  }
  const lineageCumulative: Float64Array[] = [];
  const lineageSteps: LineageStep[][][] = [];
  for (const m of municipalities) {
    const lineages = lineagesOf(m.code);
    lineageCumulative.push(cumulate(lineages.map((l) => l.share)));
    lineageSteps.push(
      lineages.map((l) =>
        l.steps.map((s) => ({ code: s.code, from: s.from === null ? -Infinity : toDay(s.from), to: s.to === null ? Infinity : toDay(s.to) })),
      ),
    );
  }
  cached = {
    municipalities,
    totalPopulation: municipalities.reduce((s, m) => s + m.population, 0),
    cumulative: cumulate(municipalities.map((m) => m.population)),
    byCounty,
    lineageCumulative,
    lineageSteps,
  };
  return cached;
}
