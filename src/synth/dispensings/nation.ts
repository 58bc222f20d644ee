import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { Vault, type ExportedIdentity } from '../../identity/index.js';
import type { DataLayout } from '../../shared/config.js';
import { inUse } from '../../shared/duckdb.js';
import { LmrError, issue } from '../../shared/outcome.js';
import { toDay } from '../people/dates.js';

/**
 * The imported nation as the pharmacy simulator needs it: compact typed arrays over the reference store
 * (persons, residence, GP lists, prescribers, pharmacies, FEST products and prices, code lists) and the
 * identity numbers from the vault. Everything is keyed by position; the canonical order of persons
 * (by identity number) and prescribers (by HPR number) does not depend on the vault's random internal
 * ids, so the same nation imported twice gives the same dispensings.
 */

export const MIN_DAY = -2147483648;
export const MAX_DAY = 2147483647;
/** Reporting to the register began on 2004-01-01. */
export const REGISTER_START = toDay('2004-01-01');

export interface Persons {
  count: number;
  birth: Int32Array;
  /** MAX_DAY when alive. */
  death: Int32Array;
  /** Volven 3101: 1 male, 2 female. */
  sex: Uint8Array;
  /** Canonical order (by the person's smallest identity number) → position; persons without a number are left out. */
  canon: Int32Array;
  /** Identity numbers that are valid on or after the first day of the year, per person, by `from`. */
  idStart: Int32Array;
  idNumber: Float64Array;
  idFrom: Int32Array;
  idTo: Int32Array;
  /** Residence periods from the first day of the year, clipped to the municipality code's validity in 3402. */
  resStart: Int32Array;
  resMuni: Uint16Array;
  resFrom: Int32Array;
  resTo: Int32Array;
  /** The person's GP in the year (prescriber position), or -1. */
  gp: Int32Array;
  /** The days of the year on which the person can have a valid dispensing (from > to when none). */
  winFrom: Int32Array;
  winTo: Int32Array;
}

/** Persons who died in the three years before the year, from 2004 (for dispensings after death). */
export interface DeadPool {
  count: number;
  birth: Int32Array;
  death: Int32Array;
  sex: Uint8Array;
  /** Municipality index of the last residence, or -1. */
  muni: Int32Array;
  /** The last identity number (0 when none). */
  number: Float64Array;
  /** Canonical order → position (persons without a number left out). */
  canon: Int32Array;
}

export interface Prescribers {
  count: number;
  hpr: string[];
  profession: string[];
  authorisedFrom: Int32Array;
  /** Positions by profession (LE doctor, TL dentist, VE veterinarian, JO midwife, SP nurse, …), in HPR order. */
  byProfession: Map<string, Int32Array>;
}

export interface Pharmacies {
  count: number;
  konsesjonsnr: string[];
  chain: (string | null)[];
  /** Municipality index (in `Codes.municipalities`), or -1. */
  muni: Int32Array;
  opened: Int32Array;
  closed: Int32Array;
}

export interface Products {
  count: number;
  /** Every varenr in FEST, usable or not (so an unknown one can be made up). */
  allVarenr: Set<string>;
  varenr: string[];
  atc: string[];
  name: string[];
  packSize: Float64Array;
  /** Pack unit (7452): stk, ml, g, dose. */
  packUnit: string[];
  /** ATC code validity in 7180 (the widest period covering the year). */
  atcFrom: Int32Array;
  atcTo: Int32Array;
  /** AUP price periods per product, by valid_from. */
  priceStart: Int32Array;
  priceFrom: Int32Array;
  priceAmount: Float64Array;
}

export interface CodeValidity {
  from: number;
  to: number;
}

export interface Codes {
  /** Every code of the lists the simulator uses, with validity periods. */
  lists: Map<string, Map<string, CodeValidity[]>>;
  /** Municipality codes (3402) by index. */
  municipalities: string[];
  municipalityIndex: Map<string, number>;
  /** The municipality that a code became through reforms (3402 replaced_by), index → index. */
  successor: Int32Array;
}

export interface Nation {
  year: number;
  firstDay: number;
  lastDay: number;
  persons: Persons;
  dead: DeadPool;
  prescribers: Prescribers;
  pharmacies: Pharmacies;
  products: Products;
  codes: Codes;
}

/** Is `code` in list `oid` on `day`? */
export function codeValid(codes: Codes, oid: string, code: string, day: number): boolean {
  const periods = codes.lists.get(oid)?.get(code);
  if (!periods) return false;
  for (const p of periods) if (p.from <= day && day <= p.to) return true;
  return false;
}

/** The codes of a list valid on every day from `from` to `to`. */
export function codesValidBetween(codes: Codes, oid: string, from: number, to: number): string[] {
  const out: string[] = [];
  for (const [code, periods] of codes.lists.get(oid) ?? []) if (periods.some((p) => p.from <= from && to <= p.to)) out.push(code);
  return out.sort();
}

const CODE_LISTS = ['3101', '3402', '7110', '7170', '7180', '7427', '99775', '99792', '99794'];

async function streamRows(conn: DuckDBConnection, sql: string, params: DuckDBValue[], onChunk: (cols: DuckDBValue[][], n: number) => void): Promise<void> {
  const result = await conn.stream(sql, params);
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const cols: DuckDBValue[][] = [];
    for (let c = 0; c < chunk.columnCount; c++) cols.push(chunk.getColumnValues(c));
    onChunk(cols, chunk.rowCount);
  }
}

const num = (v: DuckDBValue | undefined): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number.NaN);
const str = (v: DuckDBValue | undefined): string => (typeof v === 'string' ? v : String(v));
const DAY = (col: string, fallback: number): string => `coalesce((${col} - DATE '1970-01-01')::INTEGER, ${fallback})`;
const HI_LO = (col: string): string => `(${col} >> 32)::INTEGER, (${col} & 4294967295)::UINTEGER`;

/** Sorted (hi, lo) pairs of 63-bit ids, searched without BigInt arithmetic. */
class IdIndex {
  constructor(
    readonly hi: Int32Array,
    readonly lo: Uint32Array,
  ) {}
  find(id: bigint): number {
    const h = Number(id >> 32n);
    const l = Number(id & 0xffffffffn);
    let lo = 0;
    let hi = this.hi.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const mh = this.hi[mid]!;
      const ml = this.lo[mid]!;
      if (mh < h || (mh === h && ml < l)) lo = mid + 1;
      else if (mh > h || ml > l) hi = mid - 1;
      else return mid;
    }
    return -1;
  }
}

/** An append-only typed column that doubles its buffer: no per-element boxing on large loads. */
class Column<T extends Int32Array | Float64Array> {
  n = 0;
  constructor(
    private buf: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.n === this.buf.length) {
      const next = this.make(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.n++] = v;
  }
  get values(): T {
    return this.buf.subarray(0, this.n) as T;
  }
}
const int32s = (): Column<Int32Array> => new Column(new Int32Array(1 << 16), (n) => new Int32Array(n));
const float64s = (): Column<Float64Array> => new Column(new Float64Array(1 << 16), (n) => new Float64Array(n));

/** Positions ordered by a unique numeric key below 2^40 (NaN keys are left out); positions below 2^23. */
function canonicalOrder(keys: Float64Array): Int32Array {
  if (keys.length >= 1 << 23) {
    const order = Array.from(keys.keys()).filter((i) => !Number.isNaN(keys[i]!));
    return Int32Array.from(order.sort((a, b) => keys[a]! - keys[b]!));
  }
  // Key and position packed in one 64-bit integer: one native sort, no comparator.
  const packed = new BigUint64Array(keys.length);
  let n = 0;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (!Number.isNaN(k)) packed[n++] = (BigInt(k) << 23n) | BigInt(i);
  }
  const sorted = packed.subarray(0, n).sort();
  const canon = new Int32Array(n);
  for (let i = 0; i < n; i++) canon[i] = Number(sorted[i]! & 0x7fffffn);
  return canon;
}

/** Compressed rows per owner: `start[o]..start[o+1]` index the rows of owner `o`, in input order within an owner. */
function csr(owners: Int32Array, count: number): { start: Int32Array; order: Int32Array } {
  const start = new Int32Array(count + 1);
  for (const o of owners) start[o + 1]!++;
  for (let i = 0; i < count; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, count);
  const order = new Int32Array(owners.length);
  for (let i = 0; i < owners.length; i++) order[fill[owners[i]!]!++] = i;
  return { start, order };
}

export interface LoadOptions {
  year: number;
  /** The last day dispensings may have (the end of the year, or today in the current year). */
  lastDay: number;
  onStep?: (label: string) => void;
}

/** Loads the nation from `--data`: the reference store read-only, identity numbers from the vault (audited). */
export async function loadNation(layout: DataLayout, options: LoadOptions): Promise<Nation> {
  if (!existsSync(layout.referenceDb)) {
    throw new LmrError(issue('not-found', 'no reference data: run lmr synth nation and lmr reference import first', { location: { file: layout.referenceDb } }));
  }
  if (!existsSync(layout.vaultDb)) {
    throw new LmrError(issue('not-found', 'no identity vault: import the population first (lmr reference import)', { location: { file: layout.vaultDb } }));
  }
  const firstDay = toDay(`${options.year}-01-01`);
  const lastDay = options.lastDay;
  // An in-memory database with the store attached read-only; large sorts may spill to a private temporary folder.
  const spill = await mkdtemp(join(tmpdir(), 'lmr-synth-'));
  const db = await DuckDBInstance.create(':memory:', { memory_limit: process.env.LMR_SYNTH_MEMORY ?? '300MB', temp_directory: spill });
  const conn = await db.connect();
  try {
    try {
      await conn.run(`ATTACH '${layout.referenceDb.replaceAll("'", "''")}' AS ref (READ_ONLY)`);
    } catch (err) {
      throw inUse(err, layout.referenceDb);
    }
    options.onStep?.('code lists');
    const codes = await loadCodes(conn);
    options.onStep?.('persons');
    const main = await loadPersonRows(conn, firstDay, lastDay);
    const deadRows = await loadDeadRows(conn, firstDay, codes);
    options.onStep?.('prescribers');
    const presc = await loadPrescriberRows(conn);
    options.onStep?.('identities');
    // A full scan needs few buffers; the default limit would let cached blocks grow to 1 GB.
    const vault = await Vault.open(layout, { memoryLimit: process.env.LMR_VAULT_MEMORY ?? '128MB' });
    let ids: PersonIdentities;
    let hpr: string[];
    try {
      ids = await exportPersonIdentities(vault, main.index, deadRows.index, firstDay);
      hpr = await exportHpr(vault, presc.index);
    } finally {
      vault.close();
    }
    options.onStep?.('residence');
    const persons = await assemblePersons(conn, main, ids, codes, firstDay, lastDay);
    const dead = assembleDead(deadRows, ids);
    const prescribers = assemblePrescribers(presc, hpr);
    options.onStep?.('products');
    const pharmacies = await loadPharmacies(conn, codes);
    const products = await loadProducts(conn, codes, firstDay, lastDay);
    return { year: options.year, firstDay, lastDay, persons, dead, prescribers, pharmacies, products, codes };
  } finally {
    conn.closeSync();
    db.closeSync();
    await rm(spill, { recursive: true, force: true });
  }
}

async function loadCodes(conn: DuckDBConnection): Promise<Codes> {
  const lists = new Map<string, Map<string, CodeValidity[]>>(CODE_LISTS.map((o) => [o, new Map()]));
  const replaced = new Map<string, string>();
  await streamRows(
    conn,
    `SELECT oid, code, ${DAY('effective_from', MIN_DAY)}, ${DAY('effective_to', MAX_DAY)}, replaced_by FROM ref.code
     WHERE oid IN (${CODE_LISTS.map((o) => `'${o}'`).join(', ')}) ORDER BY oid, code, effective_from NULLS FIRST`,
    [],
    (cols, n) => {
      for (let i = 0; i < n; i++) {
        const oid = str(cols[0]![i]);
        const code = str(cols[1]![i]);
        const list = lists.get(oid)!;
        const periods = list.get(code) ?? [];
        periods.push({ from: num(cols[2]![i]), to: num(cols[3]![i]) });
        list.set(code, periods);
        const by = cols[4]![i];
        if (oid === '3402' && typeof by === 'string' && by !== '') replaced.set(code, by);
      }
    },
  );
  const municipalities = [...lists.get('3402')!.keys()].sort();
  const municipalityIndex = new Map(municipalities.map((m, i) => [m, i]));
  const successor = new Int32Array(municipalities.length);
  municipalities.forEach((m, i) => {
    let code = m;
    for (let hops = 0; hops < 8; hops++) {
      const next = replaced.get(code);
      if (next === undefined || !municipalityIndex.has(next)) break;
      code = next;
    }
    successor[i] = municipalityIndex.get(code)!;
  });
  return { lists, municipalities, municipalityIndex, successor };
}

interface PersonRows {
  index: IdIndex;
  birth: Int32Array;
  death: Int32Array;
  sex: Uint8Array;
}

/** Persons alive on some day of the year, ordered by internal id. */
async function loadPersonRows(conn: DuckDBConnection, firstDay: number, lastDay: number): Promise<PersonRows> {
  const n = Number(
    (await conn.runAndReadAll(
      `SELECT count(*) FROM ref.person WHERE (birth_date - DATE '1970-01-01') <= ? AND coalesce((death_date - DATE '1970-01-01')::INTEGER, ${MAX_DAY}) >= ?`,
      [lastDay, firstDay],
    )).getRowsJS()[0]![0],
  );
  const hi = new Int32Array(n);
  const lo = new Uint32Array(n);
  const birth = new Int32Array(n);
  const death = new Int32Array(n);
  const sex = new Uint8Array(n);
  let k = 0;
  await streamRows(
    conn,
    `SELECT ${HI_LO('person_id')}, ${DAY('birth_date', MIN_DAY)}, ${DAY('death_date', MAX_DAY)}, sex FROM ref.person
     WHERE (birth_date - DATE '1970-01-01') <= ? AND coalesce((death_date - DATE '1970-01-01')::INTEGER, ${MAX_DAY}) >= ?
     ORDER BY person_id`,
    [lastDay, firstDay],
    (cols, rows) => {
      for (let i = 0; i < rows && k < n; i++, k++) {
        hi[k] = num(cols[0]![i]);
        lo[k] = num(cols[1]![i]);
        birth[k] = num(cols[2]![i]);
        death[k] = num(cols[3]![i]);
        sex[k] = str(cols[4]![i]) === 'female' ? 2 : 1;
      }
    },
  );
  return { index: new IdIndex(hi.subarray(0, k), lo.subarray(0, k)), birth: birth.subarray(0, k), death: death.subarray(0, k), sex: sex.subarray(0, k) };
}

interface DeadRows extends PersonRows {
  muni: Int32Array;
}

/** Persons who died in the three years before the year (from 2004), with their last municipality. */
async function loadDeadRows(conn: DuckDBConnection, firstDay: number, codes: Codes): Promise<DeadRows> {
  const hi: number[] = [];
  const lo: number[] = [];
  const birth: number[] = [];
  const death: number[] = [];
  const sex: number[] = [];
  const muni: number[] = [];
  await streamRows(
    conn,
    `WITH d AS (
       SELECT person_id, birth_date, death_date, sex FROM ref.person
       WHERE death_date >= DATE '2004-01-02' AND (death_date - DATE '1970-01-01') BETWEEN ? AND ?),
     home AS (SELECT d.person_id, arg_max(r.municipality, r.valid_from) AS municipality
              FROM d JOIN ref.residence r ON r.person_id = d.person_id GROUP BY d.person_id)
     SELECT ${HI_LO('d.person_id')}, ${DAY('d.birth_date', MIN_DAY)}, ${DAY('d.death_date', MAX_DAY)}, d.sex, home.municipality
     FROM d LEFT JOIN home ON home.person_id = d.person_id ORDER BY d.person_id`,
    [firstDay - 3 * 365, firstDay - 1],
    (cols, n) => {
      for (let i = 0; i < n; i++) {
        hi.push(num(cols[0]![i]));
        lo.push(num(cols[1]![i]));
        birth.push(num(cols[2]![i]));
        death.push(num(cols[3]![i]));
        sex.push(str(cols[4]![i]) === 'female' ? 2 : 1);
        const m = cols[5]![i];
        muni.push(typeof m === 'string' ? (codes.municipalityIndex.get(m) ?? -1) : -1);
      }
    },
  );
  return {
    index: new IdIndex(Int32Array.from(hi), Uint32Array.from(lo)),
    birth: Int32Array.from(birth),
    death: Int32Array.from(death),
    sex: Uint8Array.from(sex),
    muni: Int32Array.from(muni),
  };
}

interface PersonIdentities {
  owner: Column<Int32Array>;
  number: Column<Float64Array>;
  from: Column<Int32Array>;
  to: Column<Int32Array>;
  /** The last number of each dead person (0 when none) and when it started. */
  deadNumber: Float64Array;
  deadFrom: Int32Array;
}

const dayCache = new Map<string, number>();
const dayOrNull = (iso: string | null, fallback: number): number => {
  if (iso === null) return fallback;
  let day = dayCache.get(iso);
  if (day === undefined) dayCache.set(iso, (day = toDay(iso)));
  return day;
};

async function exportPersonIdentities(vault: Vault, main: IdIndex, dead: IdIndex, firstDay: number): Promise<PersonIdentities> {
  const out: PersonIdentities = {
    owner: int32s(),
    number: float64s(),
    from: int32s(),
    to: int32s(),
    deadNumber: new Float64Array(dead.hi.length),
    deadFrom: new Int32Array(dead.hi.length).fill(MIN_DAY),
  };
  await vault.exportIdentities('patient', 'synth dispensings: pharmacy simulator', (rows: ExportedIdentity[]) => {
    for (const r of rows) {
      const to = dayOrNull(r.to, MAX_DAY);
      const from = dayOrNull(r.from, MIN_DAY);
      const p = main.find(r.internalId);
      if (p >= 0) {
        if (to < firstDay) continue;
        out.owner.push(p);
        out.number.push(Number(r.number));
        out.from.push(from);
        out.to.push(to);
        continue;
      }
      const d = dead.find(r.internalId);
      if (d >= 0 && from >= out.deadFrom[d]!) {
        out.deadNumber[d] = Number(r.number);
        out.deadFrom[d] = from;
      }
    }
  });
  return out;
}

interface PrescriberRows {
  index: IdIndex;
  profession: string[];
  authorisedFrom: Int32Array;
}

async function loadPrescriberRows(conn: DuckDBConnection): Promise<PrescriberRows> {
  const hi: number[] = [];
  const lo: number[] = [];
  const profession: string[] = [];
  const authorised: number[] = [];
  await streamRows(conn, `SELECT ${HI_LO('prescriber_id')}, profession, ${DAY('authorised_from', MIN_DAY)} FROM ref.prescriber ORDER BY prescriber_id`, [], (cols, n) => {
    for (let i = 0; i < n; i++) {
      hi.push(num(cols[0]![i]));
      lo.push(num(cols[1]![i]));
      profession.push(typeof cols[2]![i] === 'string' ? str(cols[2]![i]) : '');
      authorised.push(num(cols[3]![i]));
    }
  });
  return { index: new IdIndex(Int32Array.from(hi), Uint32Array.from(lo)), profession, authorisedFrom: Int32Array.from(authorised) };
}

async function exportHpr(vault: Vault, index: IdIndex): Promise<string[]> {
  const hpr = new Array<string>(index.hi.length).fill('');
  await vault.exportIdentities('prescriber', 'synth dispensings: pharmacy simulator', (rows) => {
    for (const r of rows) {
      const p = index.find(r.internalId);
      if (p >= 0 && (hpr[p] === '' || Number(r.number) < Number(hpr[p]))) hpr[p] = r.number;
    }
  });
  return hpr;
}

async function assemblePersons(conn: DuckDBConnection, rows: PersonRows, ids: PersonIdentities, codes: Codes, firstDay: number, lastDay: number): Promise<Persons> {
  const n = rows.birth.length;
  // Identity numbers per person, ordered by `from`.
  const owner = ids.owner.values;
  const numbers = ids.number.values;
  const froms = ids.from.values;
  const tos = ids.to.values;
  const idCsr = csr(owner, n);
  const m = owner.length;
  const idNumber = new Float64Array(m);
  const idFrom = new Int32Array(m);
  const idTo = new Int32Array(m);
  const key = new Float64Array(n).fill(Number.NaN);
  for (let p = 0; p < n; p++) {
    const s = idCsr.start[p]!;
    const e = idCsr.start[p + 1]!;
    const slice = e - s === 1 ? [idCsr.order[s]!] : Array.from(idCsr.order.subarray(s, e)).sort((a, b) => froms[a]! - froms[b]! || numbers[a]! - numbers[b]!);
    for (let j = 0; j < slice.length; j++) {
      const src = slice[j]!;
      idNumber[s + j] = numbers[src]!;
      idFrom[s + j] = froms[src]!;
      idTo[s + j] = tos[src]!;
      if (Number.isNaN(key[p]!) || numbers[src]! < key[p]!) key[p] = numbers[src]!;
    }
  }
  // The staging columns are copied: let them go before the residence is read.
  ids.owner = int32s();
  ids.number = float64s();
  ids.from = int32s();
  ids.to = int32s();

  // Residence from the first day of the year, clipped to the periods its code is valid in 3402.
  const resOwner = int32s();
  const resMuniA = int32s();
  const resFromA = int32s();
  const resToA = int32s();
  let cursor = 0;
  await streamRows(
    conn,
    `SELECT ${HI_LO('r.person_id')}, r.municipality,
            greatest(${DAY('r.valid_from', MIN_DAY)}, ${DAY('c.effective_from', MIN_DAY)}) AS f,
            least(${DAY('r.valid_to', MAX_DAY)}, ${DAY('c.effective_to', MAX_DAY)}) AS t
     FROM ref.residence r JOIN ref.code c ON c.oid = '3402' AND c.code = r.municipality
     WHERE coalesce((r.valid_to - DATE '1970-01-01')::INTEGER, ${MAX_DAY}) >= ?
     ORDER BY r.person_id, f, t`,
    [firstDay],
    (cols, count) => {
      for (let i = 0; i < count; i++) {
        const h = num(cols[0]![i]);
        const l = num(cols[1]![i]);
        const f = num(cols[3]![i]);
        const t = num(cols[4]![i]);
        if (f > t || t < firstDay) continue;
        // Both streams are ordered by internal id: a merge walk.
        while (cursor < n && (rows.index.hi[cursor]! < h || (rows.index.hi[cursor] === h && rows.index.lo[cursor]! < l))) cursor++;
        if (cursor >= n || rows.index.hi[cursor] !== h || rows.index.lo[cursor] !== l) continue;
        const muni = codes.municipalityIndex.get(str(cols[2]![i]));
        if (muni === undefined) continue;
        resOwner.push(cursor);
        resMuniA.push(muni);
        resFromA.push(f);
        resToA.push(t);
      }
    },
  );
  const resCsr = csr(resOwner.values, n);
  const resMuni = new Uint16Array(resOwner.n);
  const resFrom = new Int32Array(resOwner.n);
  const resTo = new Int32Array(resOwner.n);
  const [rm, rf, rt] = [resMuniA.values, resFromA.values, resToA.values];
  resCsr.order.forEach((src, j) => {
    resMuni[j] = rm[src]!;
    resFrom[j] = rf[src]!;
    resTo[j] = rt[src]!;
  });

  // The GP of the year: the list period that started last among those overlapping the year.
  const gp = new Int32Array(n).fill(-1);
  cursor = 0;
  await streamRows(
    conn,
    `WITH pord AS (SELECT prescriber_id, (row_number() OVER (ORDER BY prescriber_id) - 1)::INTEGER AS pos FROM ref.prescriber)
     SELECT ${HI_LO('g.person_id')}, arg_max(pord.pos, coalesce(g.valid_from, DATE '1900-01-01'))
     FROM ref.gp_list g JOIN pord USING (prescriber_id)
     WHERE coalesce((g.valid_to - DATE '1970-01-01')::INTEGER, ${MAX_DAY}) >= ? AND coalesce((g.valid_from - DATE '1970-01-01')::INTEGER, ${MIN_DAY}) <= ?
     GROUP BY g.person_id ORDER BY g.person_id`,
    [firstDay, lastDay],
    (cols, count) => {
      for (let i = 0; i < count; i++) {
        const h = num(cols[0]![i]);
        const l = num(cols[1]![i]);
        while (cursor < n && (rows.index.hi[cursor]! < h || (rows.index.hi[cursor] === h && rows.index.lo[cursor]! < l))) cursor++;
        if (cursor < n && rows.index.hi[cursor] === h && rows.index.lo[cursor] === l) gp[cursor] = num(cols[2]![i]);
      }
    },
  );

  // The window of days with a valid dispensing: alive, resident and numbered, within the year.
  const winFrom = new Int32Array(n);
  const winTo = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const is = idCsr.start[p]!;
    const ie = idCsr.start[p + 1]!;
    const rs = resCsr.start[p]!;
    const re = resCsr.start[p + 1]!;
    if (is === ie || rs === re) {
      winFrom[p] = 1;
      winTo[p] = 0;
      continue;
    }
    winFrom[p] = Math.max(firstDay, rows.birth[p]!, idFrom[is]!, resFrom[rs]!);
    let idEnd = MIN_DAY;
    for (let j = is; j < ie; j++) idEnd = Math.max(idEnd, idTo[j]!);
    let resEnd = MIN_DAY;
    for (let j = rs; j < re; j++) resEnd = Math.max(resEnd, resTo[j]!);
    winTo[p] = Math.min(lastDay, rows.death[p]!, idEnd, resEnd);
  }
  return {
    count: n,
    birth: rows.birth,
    death: rows.death,
    sex: rows.sex,
    canon: canonicalOrder(key),
    idStart: idCsr.start,
    idNumber,
    idFrom,
    idTo,
    resStart: resCsr.start,
    resMuni,
    resFrom,
    resTo,
    gp,
    winFrom,
    winTo,
  };
}

function assembleDead(rows: DeadRows, ids: PersonIdentities): DeadPool {
  const key = Float64Array.from(ids.deadNumber, (x) => (x === 0 ? Number.NaN : x));
  return { count: rows.birth.length, birth: rows.birth, death: rows.death, sex: rows.sex, muni: rows.muni, number: ids.deadNumber, canon: canonicalOrder(key) };
}

function assemblePrescribers(rows: PrescriberRows, hpr: string[]): Prescribers {
  const key = Float64Array.from(hpr, (h) => (h === '' ? Number.NaN : Number(h)));
  const canon = canonicalOrder(key);
  const byProfession = new Map<string, number[]>();
  for (const p of canon) {
    const list = byProfession.get(rows.profession[p]!) ?? [];
    list.push(p);
    byProfession.set(rows.profession[p]!, list);
  }
  return {
    count: hpr.length,
    hpr,
    profession: rows.profession,
    authorisedFrom: rows.authorisedFrom,
    byProfession: new Map([...byProfession].map(([k, v]) => [k, Int32Array.from(v)])),
  };
}

async function loadPharmacies(conn: DuckDBConnection, codes: Codes): Promise<Pharmacies> {
  const konsesjonsnr: string[] = [];
  const chain: (string | null)[] = [];
  const muni: number[] = [];
  const opened: number[] = [];
  const closed: number[] = [];
  await streamRows(conn, `SELECT konsesjonsnr, chain, municipality, ${DAY('opened', MIN_DAY)}, ${DAY('closed', MAX_DAY)} FROM ref.pharmacy ORDER BY konsesjonsnr`, [], (cols, n) => {
    for (let i = 0; i < n; i++) {
      konsesjonsnr.push(str(cols[0]![i]));
      chain.push(typeof cols[1]![i] === 'string' ? str(cols[1]![i]) : null);
      const m = cols[2]![i];
      muni.push(typeof m === 'string' ? (codes.municipalityIndex.get(m) ?? -1) : -1);
      opened.push(num(cols[3]![i]));
      closed.push(num(cols[4]![i]));
    }
  });
  return { count: konsesjonsnr.length, konsesjonsnr, chain, muni: Int32Array.from(muni), opened: Int32Array.from(opened), closed: Int32Array.from(closed) };
}

/** FEST packs whose ATC code is valid in 7180 through the year, with their AUP price history. */
async function loadProducts(conn: DuckDBConnection, codes: Codes, firstDay: number, lastDay: number): Promise<Products> {
  const varenr: string[] = [];
  const atc: string[] = [];
  const name: string[] = [];
  const packSize: number[] = [];
  const packUnit: string[] = [];
  const atcFrom: number[] = [];
  const atcTo: number[] = [];
  const atcList = codes.lists.get('7180')!;
  const allVarenr = new Set<string>();
  await streamRows(conn, `SELECT varenr, atc, name, pack_size, pack_unit FROM ref.product ORDER BY varenr`, [], (cols, n) => {
    for (let i = 0; i < n; i++) {
      allVarenr.add(str(cols[0]![i]));
      if (typeof cols[1]![i] !== 'string') continue;
      const code = str(cols[1]![i]);
      const covering = (atcList.get(code) ?? []).filter((p) => p.from <= firstDay && lastDay <= p.to);
      if (covering.length === 0) continue;
      varenr.push(str(cols[0]![i]));
      atc.push(code);
      name.push(typeof cols[2]![i] === 'string' ? str(cols[2]![i]) : '');
      const size = num(cols[3]![i]);
      packSize.push(Number.isFinite(size) && size > 0 ? size : 1);
      packUnit.push(typeof cols[4]![i] === 'string' ? str(cols[4]![i]) : '');
      atcFrom.push(Math.min(...covering.map((p) => p.from)));
      atcTo.push(Math.max(...covering.map((p) => p.to)));
    }
  });
  const position = new Map(varenr.map((v, i) => [v, i]));
  const owner = int32s();
  const from: number[] = [];
  const amount: number[] = [];
  // FEST writes AUP as price type 5 (PrisVare Type); 'AUP' is accepted too.
  await streamRows(
    conn,
    `SELECT varenr, ${DAY('valid_from', MIN_DAY)}, amount FROM ref.price WHERE price_type IN ('5', 'AUP') ORDER BY varenr, valid_from NULLS FIRST, amount`,
    [],
    (cols, n) => {
      for (let i = 0; i < n; i++) {
        const p = position.get(str(cols[0]![i]));
        if (p === undefined) continue;
        owner.push(p);
        from.push(num(cols[1]![i]));
        amount.push(num(cols[2]![i]));
      }
    },
  );
  const priceCsr = csr(owner.values, varenr.length);
  return {
    count: varenr.length,
    allVarenr,
    varenr,
    atc,
    name,
    packSize: Float64Array.from(packSize),
    packUnit,
    atcFrom: Int32Array.from(atcFrom),
    atcTo: Int32Array.from(atcTo),
    priceStart: priceCsr.start,
    priceFrom: Int32Array.from(priceCsr.order, (i) => from[i]!),
    priceAmount: Float64Array.from(priceCsr.order, (i) => amount[i]!),
  };
}

/** The person's identity number valid on `day` (the one that started last), or -1. */
export function identityAt(p: Persons, ord: number, day: number): number {
  let found = -1;
  for (let j = p.idStart[ord]!, e = p.idStart[ord + 1]!; j < e; j++) if (p.idFrom[j]! <= day && day <= p.idTo[j]!) found = j;
  return found;
}

/** The person's residence period covering `day`, or -1. */
export function residenceAt(p: Persons, ord: number, day: number): number {
  let found = -1;
  for (let j = p.resStart[ord]!, e = p.resStart[ord + 1]!; j < e; j++) if (p.resFrom[j]! <= day && day <= p.resTo[j]!) found = j;
  return found;
}

/** FEST AUP of one pack on `day` (the latest period started on or before it, else the earliest), or null. */
export function aupOn(products: Products, prod: number, day: number): number | null {
  const s = products.priceStart[prod]!;
  const e = products.priceStart[prod + 1]!;
  if (s === e) return null;
  let found = s;
  for (let j = s; j < e; j++) if (products.priceFrom[j]! <= day) found = j;
  return products.priceAmount[found]!;
}
