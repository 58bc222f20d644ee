import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * An independent differencing attacker on the published statistics bank, for tests and checks.
 *
 * It reads only what is published: for each stored cell its coordinates, whether it is suppressed, and
 * the measures of unsuppressed cells (a suppressed cell's values are never read). A cell that is not
 * stored is a published 0. It rebuilds the equations from the coordinates alone (its own reading of the
 * cube's additive structure, sharing no code with `suppress`), then for each measure peels: any equation
 * with exactly one unknown is solved, the cell becomes known, and its other equations are revisited, until
 * no equation has exactly one unknown. Every solved cell is returned with the value it was solved to.
 */

export type Measure = 'dispensings' | 'ddd' | 'cost' | 'users';

export interface RecoveredCell {
  year: number;
  atc: string;
  sex: string;
  age: string;
  county: string;
  measure: Measure;
  value: number;
  /** The dimension of the equation that gave the cell away. */
  via: 'sex' | 'age' | 'county' | 'atc';
}

interface Published {
  year: number;
  atc: string;
  sex: string;
  age: string;
  county: string;
  hidden: boolean;
  values: Record<Measure, number>;
}

interface Equation {
  via: RecoveredCell['via'];
  /** Index of the total cell, or -1 when the total is not stored (a published 0). */
  total: number;
  members: number[];
}

/** The parent of an ATC code by its length (1, 3, 4, 5, 7 characters for levels 1–5). */
function atcParent(code: string): string | undefined {
  switch (code.length) {
    case 3:
      return code.slice(0, 1);
    case 4:
      return code.slice(0, 3);
    case 5:
      return code.slice(0, 4);
    case 7:
      return code.slice(0, 5);
    default:
      return undefined;
  }
}

async function readPublished(conn: DuckDBConnection, release: string): Promise<Published[]> {
  const reader = await conn.runAndReadAll(
    `SELECT year, atc, sex, age, county, suppressed,
            CASE WHEN suppressed THEN NULL ELSE dispensings END::DOUBLE,
            CASE WHEN suppressed THEN NULL ELSE coalesce(ddd, 0) END::DOUBLE,
            CASE WHEN suppressed THEN NULL ELSE coalesce(cost, 0) END::DOUBLE,
            CASE WHEN suppressed THEN NULL ELSE users END::DOUBLE
     FROM cell WHERE release = $1`,
    [release],
  );
  return reader.getRows().map((r) => ({
    year: Number(r[0]),
    atc: String(r[1]),
    sex: String(r[2]),
    age: String(r[3]),
    county: String(r[4]),
    hidden: r[5] === true,
    values: { dispensings: Number(r[6] ?? NaN), ddd: Number(r[7] ?? NaN), cost: Number(r[8] ?? NaN), users: Number(r[9] ?? NaN) },
  }));
}

/** The equations of the published cube: total − Σ members = 0, one per group, for one set of dimensions. */
function equations(cells: readonly Published[], dims: readonly RecoveredCell['via'][]): Equation[] {
  const at = new Map<string, number>();
  const key = (y: number, a: string, s: string, g: string, c: string): string => `${y}|${a}|${s}|${g}|${c}`;
  cells.forEach((c, i) => at.set(key(c.year, c.atc, c.sex, c.age, c.county), i));
  const out: Equation[] = [];
  for (const via of dims) {
    const groups = new Map<string, Equation>();
    const member = (k: string, totalKey: string, i: number): void => {
      let e = groups.get(k);
      if (!e) {
        e = { via, total: at.get(totalKey) ?? -1, members: [] };
        groups.set(k, e);
      }
      e.members.push(i);
    };
    cells.forEach((c, i) => {
      switch (via) {
        case 'sex':
          if (c.sex !== '0') member(key(c.year, c.atc, '*', c.age, c.county), key(c.year, c.atc, '0', c.age, c.county), i);
          break;
        case 'age':
          if (c.age !== 'ALL') member(key(c.year, c.atc, c.sex, '*', c.county), key(c.year, c.atc, c.sex, 'ALL', c.county), i);
          break;
        case 'county':
          if (c.county !== '00') member(key(c.year, c.atc, c.sex, c.age, '*'), key(c.year, c.atc, c.sex, c.age, '00'), i);
          break;
        case 'atc': {
          const p = atcParent(c.atc);
          if (p !== undefined) member(key(c.year, p, c.sex, c.age, c.county), key(c.year, p, c.sex, c.age, c.county), i);
          break;
        }
      }
    });
    for (const e of groups.values()) out.push(e);
  }
  return out;
}

/** Peels the equations for one measure; returns the indices solved and their values. */
function peel(cells: readonly Published[], eqs: readonly Equation[], measure: Measure): Map<number, { value: number; via: Equation['via'] }> {
  const value = cells.map((c) => (c.hidden ? NaN : c.values[measure]));
  const known = cells.map((c) => !c.hidden);
  const eqsOf = new Map<number, number[]>();
  const unknowns = eqs.map((e, ei) => {
    let n = 0;
    for (const i of e.total >= 0 ? [e.total, ...e.members] : e.members) {
      let list = eqsOf.get(i);
      if (!list) eqsOf.set(i, (list = []));
      list.push(ei);
      if (!known[i]) n++;
    }
    return n;
  });
  const solved = new Map<number, { value: number; via: Equation['via'] }>();
  const queue = unknowns.flatMap((n, ei) => (n === 1 ? [ei] : []));
  while (queue.length > 0) {
    const ei = queue.pop()!;
    if (unknowns[ei] !== 1) continue;
    const e = eqs[ei]!;
    const total = e.total >= 0 ? e.total : undefined;
    let target = -1;
    let rest = 0; // Σ known members
    for (const i of e.members) {
      if (known[i]) rest += value[i]!;
      else target = i;
    }
    let v: number;
    if (target >= 0) v = (total === undefined ? 0 : value[total]!) - rest;
    else {
      target = total!;
      v = rest;
    }
    value[target] = v;
    known[target] = true;
    solved.set(target, { value: v, via: e.via });
    for (const other of eqsOf.get(target) ?? []) {
      unknowns[other]!--;
      if (unknowns[other] === 1) queue.push(other);
    }
  }
  return solved;
}

/** Runs the attack on one release; returns every (cell, measure) it recovers. Empty means nothing leaks. */
export async function differencingAttack(conn: DuckDBConnection, release: string): Promise<RecoveredCell[]> {
  const cells = await readPublished(conn, release);
  if (!cells.some((c) => c.hidden)) return [];
  const all = equations(cells, ['sex', 'age', 'county', 'atc']);
  const bySex = all.filter((e) => e.via === 'sex');
  const out: RecoveredCell[] = [];
  for (const measure of ['dispensings', 'ddd', 'cost', 'users'] as const) {
    // Persons are additive only across sex (one person, one sex); elsewhere one person may count twice.
    for (const [i, s] of peel(cells, measure === 'users' ? bySex : all, measure)) {
      const c = cells[i]!;
      out.push({ year: c.year, atc: c.atc, sex: c.sex, age: c.age, county: c.county, measure, value: s.value, via: s.via });
    }
  }
  return out;
}
