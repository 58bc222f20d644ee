import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createRng, type Rng } from '../../shared/random.js';
import { DAYS_PER_YEAR, isoOfDay, toDay } from './dates.js';
import { AGE_AT_DEATH, AGE_PYRAMID, DEATHS, GP_SCHEME, IMMIGRATION, MALE_SHARE_DECEASED, MALE_SHARE_LIVING, MOVES } from './demography.js';
import { IdentityAllocator, type Sex } from './identities.js';
import { LineWriter } from './line-writer.js';
import { writePharmacies } from './pharmacies.js';
import { planPrescribers, writePrescribers, type PrescriberPlan } from './prescribers.js';
import { pickIndex, world, type World } from './world.js';

export interface WritePeopleOptions {
  /** Number of person records (living and deceased). */
  persons: number;
  seed: string;
  outDir: string;
  /** The extraction date (YYYY-MM-DD): everyone is born before it; the living have open periods. */
  asOf: string;
  onProgress?: (done: number, total: number) => void;
}

export interface PeopleSummary {
  persons: number;
  prescribers: number;
  pharmacies: number;
  gpListEntries: number;
}

/**
 * Writes the population register (`population.ndjson`), the health-personnel register with GP
 * lists (`prescribers.ndjson`) and the pharmacy list (`pharmacies.ndjson`) of a synthetic nation.
 *
 * Deterministic: the same options give byte-identical files. Memory is bounded whatever the size:
 * persons are generated and streamed one at a time; GP-list rows go to a temporary CSV that DuckDB
 * sorts (spilling to disk when needed) and that is then merged into the prescriber file.
 */
export async function writePeople(options: WritePeopleOptions): Promise<PeopleSummary> {
  const { persons, seed, outDir, asOf } = options;
  if (!Number.isSafeInteger(persons) || persons < 1) throw new RangeError('persons must be a positive integer');
  if (!/^\d{4}-\d\d-\d\d$/.test(asOf)) throw new RangeError('asOf must be a date (YYYY-MM-DD)');
  const asOfDay = toDay(asOf);
  await mkdir(outDir, { recursive: true });
  const tmp = await mkdtemp(join(outDir, '.people-tmp-'));
  try {
    const w = world();
    const plan = planPrescribers(createRng(`${seed}/prescribers`), w, persons, asOfDay);
    const { pharmacies } = await writePharmacies(join(outDir, 'pharmacies.ndjson'), createRng(`${seed}/pharmacies`), w, persons, asOfDay);
    const gpRows = join(tmp, 'gp-rows.csv');
    const gpListEntries = await writePopulation(join(outDir, 'population.ndjson'), gpRows, createRng(`${seed}/persons`), w, plan, options, asOfDay);
    const sorted = join(tmp, 'gp-rows-sorted.csv');
    const hasRows = gpListEntries > 0 && (await stat(gpRows)).size > 0;
    if (hasRows) await sortGpRows(gpRows, sorted, tmp);
    await writePrescribers(join(outDir, 'prescribers.ndjson'), plan, hasRows ? sorted : null);
    return { persons, prescribers: plan.prescribers.length, pharmacies, gpListEntries };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

function bandShare(table: readonly { upTo: number; share: number }[], age: number): number {
  for (const b of table) if (age <= b.upTo) return b.share;
  return table[table.length - 1]!.share;
}

function cumulativeWeights(table: readonly { weight: number }[]): Float64Array {
  const total = table.reduce((s, b) => s + b.weight, 0);
  let sum = 0;
  return Float64Array.from(table.map((b) => (sum += b.weight) / total));
}

/** A day in [from, to] (inclusive), uniformly. */
function dayBetween(rng: Rng, from: number, to: number): number {
  return from + Math.floor(rng.next() * (to - from + 1));
}

const OPEN = Infinity;

/**
 * Generates and writes every person; writes GP-list rows (`gp,patient,from,to`) to `gpRowsPath`.
 * Returns the number of GP-list rows.
 */
async function writePopulation(
  path: string,
  gpRowsPath: string,
  rng: Rng,
  w: World,
  plan: PrescriberPlan,
  options: WritePeopleOptions,
  asOfDay: number,
): Promise<number> {
  const total = options.persons;
  const pyramid = cumulativeWeights(AGE_PYRAMID);
  const deathAges = cumulativeWeights(AGE_AT_DEATH);
  const ids = new IdentityAllocator();
  const fastlege = toDay(GP_SCHEME.start);
  const earliestArrival = toDay(IMMIGRATION.earliestArrival);
  const lastDay = asOfDay - 1;
  const out = new LineWriter(path);
  const gpOut = new LineWriter(gpRowsPath);
  let gpRows = 0;

  // Scratch arrays for one person's residence segments (reused: no garbage per person).
  const segStart: number[] = [];
  const segMunicipality: number[] = [];

  const pickMunicipality = (): number => pickIndex(w.cumulative, rng.next());
  const pickInCounty = (county: string): number => {
    const c = w.byCounty.get(county)!;
    return c.indices[pickIndex(c.cumulative, rng.next())]!;
  };

  try {
    for (let i = 0; i < total; i++) {
      // Life: the deceased died in the last 20 years; the living follow the age pyramid.
      const dead = rng.next() < DEATHS.share;
      let age: number;
      let birthDay: number;
      let deathDay = OPEN;
      let sex: Sex;
      if (dead) {
        deathDay = lastDay - Math.floor(rng.next() * DEATHS.years * DAYS_PER_YEAR);
        const band = AGE_AT_DEATH[pickIndex(deathAges, rng.next())]!;
        age = band.from + Math.floor(rng.next() * (band.to - band.from + 1));
        birthDay = deathDay - Math.floor((age + rng.next()) * DAYS_PER_YEAR);
        sex = rng.next() < bandShare(MALE_SHARE_DECEASED, age) ? 'male' : 'female';
      } else {
        const band = AGE_PYRAMID[pickIndex(pyramid, rng.next())]!;
        age = band.from + Math.floor(rng.next() * (band.to - band.from + 1));
        birthDay = lastDay - Math.floor((age + rng.next()) * DAYS_PER_YEAR);
        sex = rng.next() < bandShare(MALE_SHARE_LIVING, age) ? 'male' : 'female';
      }
      const endDay = dead ? deathDay : lastDay;

      // Immigration: arrival with a D-number, an identity number (fnr) some months later.
      const immigrant = rng.next() < bandShare(IMMIGRATION.probabilityByAge, age) * (dead ? IMMIGRATION.deceasedFactor : 1);
      let arrivalDay = birthDay;
      let fnrDay = birthDay;
      if (immigrant) {
        const yearsAgo = Math.min(age + 1, -Math.log(1 - rng.next()) * IMMIGRATION.meanYearsSinceArrival);
        arrivalDay = Math.min(endDay, Math.max(birthDay, earliestArrival, endDay - Math.floor(yearsAgo * DAYS_PER_YEAR)));
        fnrDay = arrivalDay + IMMIGRATION.dNumberDaysMin + Math.floor(rng.next() * IMMIGRATION.dNumberDaysRange);
        if (rng.next() < IMMIGRATION.onlyDNumber || fnrDay > endDay) fnrDay = OPEN;
      }

      // Identity numbers: distinct per birth date and sex; if a date runs out, the birth moves a day earlier.
      let fnr: string | null = null;
      let dnumber: string | null = null;
      for (let shift = 0; ; shift++) {
        if (shift > 3660) throw new Error('synthetic identity numbers ran out: the nation is too large for its birth dates');
        dnumber = immigrant ? ids.next(birthDay, sex, 'dnumber') : null;
        fnr = fnrDay !== OPEN ? ids.next(birthDay, sex, 'fnr') : null;
        if ((immigrant && dnumber === null) || (fnrDay !== OPEN && fnr === null)) birthDay--;
        else break;
      }
      const birth = isoOfDay(birthDay);

      let line = '{"identities":[';
      if (immigrant) {
        line += `{"number":"${dnumber!}","kind":"dnumber","from":"${isoOfDay(arrivalDay)}","to":${fnrDay === OPEN ? 'null' : `"${isoOfDay(fnrDay)}"`}}`;
        if (fnrDay !== OPEN) line += `,{"number":"${fnr!}","kind":"fnr","from":"${isoOfDay(fnrDay)}","to":null}`;
      } else {
        line += `{"number":"${fnr!}","kind":"fnr","from":"${birth}","to":null}`;
      }
      line += `],"birthDate":"${birth}","sex":"${sex}","deathDate":${dead ? `"${isoOfDay(deathDay)}"` : 'null'},"residence":[`;

      // Residence: the current (or last) municipality by population; earlier ones before each move.
      const startDay = immigrant ? arrivalDay : birthDay;
      let moves = 0;
      if (rng.next() >= MOVES.stayers) {
        moves = Math.min(MOVES.maxMoves, Math.floor((endDay - startDay) / DAYS_PER_YEAR / MOVES.yearsPerMove + rng.next()));
      }
      segStart.length = 0;
      segMunicipality.length = 0;
      segStart.push(startDay);
      if (moves > 0 && endDay - startDay > 2 * MOVES.minDaysBetween) {
        const days: number[] = [];
        for (let k = 0; k < moves; k++) days.push(dayBetween(rng, startDay + MOVES.minDaysBetween, endDay - 1));
        days.sort((a, b) => a - b);
        for (const d of days) if (d - segStart[segStart.length - 1]! >= MOVES.minDaysBetween) segStart.push(d);
      }
      const segments = segStart.length;
      segMunicipality.length = segments;
      segMunicipality[segments - 1] = pickMunicipality();
      for (let s = segments - 2; s >= 0; s--) {
        const next = segMunicipality[s + 1]!;
        let m = next;
        for (let tries = 0; tries < 4 && m === next; tries++) {
          m = rng.next() < MOVES.sameCounty ? pickInCounty(w.municipalities[next]!.county) : pickMunicipality();
        }
        segMunicipality[s] = m;
      }

      let first = true;
      for (let s = 0; s < segments; s++) {
        const a = segStart[s]!;
        const b = s + 1 < segments ? segStart[s + 1]! - 1 : dead ? deathDay : OPEN;
        const m = segMunicipality[s]!;
        // The code chain this resident's part of the municipality went through; one period per code.
        const lineages = w.lineageSteps[m]!;
        const steps = lineages[lineages.length === 1 ? 0 : pickIndex(w.lineageCumulative[m]!, rng.next())]!;
        for (const step of steps) {
          const from = Math.max(a, step.from);
          const to = Math.min(b, step.to);
          if (from > to) continue;
          line += `${first ? '' : ','}{"municipality":"${step.code}","from":"${isoOfDay(from)}","to":${to === OPEN ? 'null' : `"${isoOfDay(to)}"`}}`;
          first = false;
        }

        // The GP list: a GP in the municipality, from shortly after moving in (and not before the scheme
        // or the GP's own list), with the identity number valid at the time.
        if (rng.next() < GP_SCHEME.unlisted) continue;
        const delay = Math.floor(rng.next() * ((s === 0 && !immigrant ? GP_SCHEME.afterBirthDays : GP_SCHEME.afterMoveDays) + 1));
        const gps = plan.gpsByMunicipality[m]!;
        const gp = gps[Math.floor(rng.next() * gps.length)]!;
        const listFrom = Math.max(a + delay, fastlege, plan.listFromDay[gp]!);
        if (listFrom > b || listFrom > lastDay) continue;
        if (immigrant) {
          const dEnd = Math.min(b, fnrDay === OPEN ? OPEN : fnrDay - 1);
          if (listFrom <= dEnd) {
            gpRows++;
            if (gpOut.add(`${gp},${dnumber!},${isoOfDay(listFrom)},${dEnd === OPEN ? '' : isoOfDay(dEnd)}\n`)) await gpOut.flush();
          }
          if (fnrDay !== OPEN && fnrDay <= b) {
            gpRows++;
            if (gpOut.add(`${gp},${fnr!},${isoOfDay(Math.max(listFrom, fnrDay))},${b === OPEN ? '' : isoOfDay(b)}\n`)) await gpOut.flush();
          }
        } else {
          gpRows++;
          if (gpOut.add(`${gp},${fnr!},${isoOfDay(listFrom)},${b === OPEN ? '' : isoOfDay(b)}\n`)) await gpOut.flush();
        }
      }
      line += ']}\n';
      if (out.add(line)) await out.flush();
      if ((i & 0x3fff) === 0x3fff) options.onProgress?.(i + 1, total);
    }
    await out.close();
    await gpOut.close();
  } catch (err) {
    out.destroy();
    gpOut.destroy();
    throw err;
  }
  options.onProgress?.(total, total);
  return gpRows;
}

/** SQL string literal (file paths only; COPY cannot take bound parameters). */
function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Sorts the GP-list rows by GP, start, patient and end with DuckDB (bounded memory, spilling to
 * `tmpDir`): the order makes the prescriber file deterministic.
 */
async function sortGpRows(input: string, output: string, tmpDir: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: '512MB',
    threads: '2',
    temp_directory: tmpDir,
    preserve_insertion_order: 'true',
  });
  const conn = await instance.connect();
  try {
    await conn.run(`
      COPY (
        SELECT gp, patient, valid_from, valid_to
        FROM read_csv(${sqlString(input)}, header = false, auto_detect = false, delim = ',', quote = '', escape = '',
                      nullstr = '', columns = {'gp': 'INTEGER', 'patient': 'VARCHAR', 'valid_from': 'VARCHAR', 'valid_to': 'VARCHAR'})
        ORDER BY gp, valid_from, patient, valid_to NULLS LAST
      ) TO ${sqlString(output)} (FORMAT csv, HEADER false)`);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
