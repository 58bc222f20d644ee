import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '../application.js';
import { variableByName, type DetailLevel } from '../catalogue.js';
import { selectColumns } from './columns.js';
import { planUnits } from './run.js';

/**
 * The SQL the catalogue's sources and levels generate, run on DuckDB over hand-made rows: every level
 * of detail gives the value a researcher is promised, and nothing more.
 */

let db: DuckDBInstance;
let conn: Awaited<ReturnType<DuckDBInstance['connect']>>;

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
  await conn.run(`CREATE TABLE x_rows AS SELECT * FROM (VALUES
    (1::BIGINT, DATE '2025-02-14', DATE '1960-07-01', 64, '0301', 'N02AA05', 'F32', NULL, ['Allmennmedisin', 'Psykiatri'], 3, 'P1', 'D1', false),
    (2::BIGINT, DATE '2025-11-30', DATE '2003-12-31', 21, '1103', 'N02AJ06', NULL, 'L03', []::VARCHAR[], -2, 'P2', 'D2', false),
    (3::BIGINT, DATE '2025-06-01', DATE '1930-01-01', 95, '9999', 'N02AX02', 'S72', NULL, NULL, 0, 'P3', 'D3', false)
  ) t(patient_id, dispensed_on, patient_birth_date, patient_age, patient_municipality, atc, icd10, icpc2, prescriber_specialties, x_shift, x_pl, x_dl, animal)`);
  await conn.run(`CREATE TABLE x_county AS SELECT * FROM (VALUES ('0301', '0301', '03'), ('1103', '1103', '11'), ('1201', '4601', '46')) t(code, current, county)`);
});

afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

async function values(name: string, level: DetailLevel, options: Parameters<typeof selectColumns>[1] = {}): Promise<unknown[]> {
  const variable = variableByName(name)!;
  const { select, joins } = selectColumns([{ variable, level }], options);
  return (await conn.runAndReadAll(`SELECT ${select} FROM x_rows d ${joins} ORDER BY d.patient_id`)).getRowsJS().map(([v]) => (typeof v === 'bigint' ? Number(v) : v));
}

describe('variables at their levels', () => {
  it('generalises dates after shifting them by the person’s offset', async () => {
    expect((await values('utlevering_dato', 'date')).map((d) => (d as Date).toISOString().slice(0, 10))).toEqual(['2025-02-17', '2025-11-28', '2025-06-01']);
    expect(await values('utlevering_dato', 'month')).toEqual(['2025-02', '2025-11', '2025-06']);
    expect(await values('utlevering_dato', 'quarter')).toEqual(['2025-Q1', '2025-Q4', '2025-Q2']);
    expect(await values('utlevering_dato', 'year')).toEqual([2025, 2025, 2025]);
    // A birth on 31 December, shifted back two days, stays in its year; shifted forward it would not.
    expect(await values('pasient_fodselsar', 'year')).toEqual([1960, 2003, 1930]);
  });

  it('bands ages in five years up to 90+', async () => {
    expect(await values('pasient_alder_utlevering', 'age-band-5')).toEqual(['60-64', '20-24', '90+']);
    expect(await values('pasient_alder_utlevering', 'exact')).toEqual([64, 21, 95]);
  });

  it('maps municipalities to today’s counties, unknown to null', async () => {
    expect(await values('pasient_bostedskommune', 'county')).toEqual(['03', '11', null]);
    expect(await values('pasient_bostedsfylke', 'county')).toEqual(['03', '11', null]);
    expect(await values('pasient_bostedskommune', 'municipality')).toEqual(['0301', '1103', '9999']);
  });

  it('releases municipalities in today’s codes when dates are shifted', async () => {
    await conn.run(`UPDATE x_rows SET patient_municipality = '1201' WHERE patient_id = 2`);
    try {
      expect(await values('pasient_bostedskommune', 'municipality')).toEqual(['0301', '1201', '9999']);
      expect(await values('pasient_bostedskommune', 'municipality', { currentMunicipalities: true })).toEqual(['0301', '4601', '9999']);
    } finally {
      await conn.run(`UPDATE x_rows SET patient_municipality = '1103' WHERE patient_id = 2`);
    }
  });

  it('gives codes as categories and chapters of their own code list', async () => {
    expect(await values('refusjon_icd10', 'code-chapter')).toEqual(['V', null, 'XIX']);
    expect(await values('refusjon_icd10', 'code-category')).toEqual(['F32', null, 'S72']);
    expect(await values('refusjon_kode', 'code-chapter')).toEqual(['V', 'L', 'XIX']);
    expect(await values('refusjon_kodeverk', 'exact')).toEqual(['7110', '7170', '7110']);
    expect(await values('legemiddel_atckode_niva3', 'exact')).toEqual(['N02A', 'N02A', 'N02A']);
    expect(await values('legemiddel_atckode_niva4', 'exact')).toEqual(['N02AA', 'N02AJ', 'N02AX']);
  });

  it('joins lists with |, and gives no empty text for an empty list', async () => {
    expect(await values('forskriver_spesialitet', 'exact')).toEqual(['Allmennmedisin|Psykiatri', null, null]);
  });

  it('releases patients only as project numbers', async () => {
    expect(await values('pasient_lopenr', 'exact')).toEqual(['P1', 'P2', 'P3']);
    expect(await values('utlevering_lopenr', 'exact')).toEqual(['D1', 'D2', 'D3']);
  });
});

describe('files per unit', () => {
  const app = (names: string[]): Application =>
    ({ variables: names.map((name) => ({ name, level: variableByName(name)!.levels[0]! })) }) as unknown as Application;

  it('puts person and prescriber variables in their own files when their numbers are approved', () => {
    const units = planUnits(app(['pasient_lopenr', 'pasient_kjonn', 'utlevering_dato', 'forskriver_lopenr', 'forskriver_yrke']));
    expect(units.map((u) => [u.unit, u.columns.map((c) => c.variable.name)])).toEqual([
      ['dispensings', ['pasient_lopenr', 'forskriver_lopenr', 'utlevering_dato']],
      ['persons', ['pasient_lopenr', 'pasient_kjonn']],
      ['prescribers', ['forskriver_lopenr', 'forskriver_yrke']],
    ]);
  });

  it('carries person variables on each dispensing when no person number is approved', () => {
    const units = planUnits(app(['pasient_kjonn', 'utlevering_dato']));
    expect(units.map((u) => [u.unit, u.columns.map((c) => c.variable.name)])).toEqual([['dispensings', ['pasient_kjonn', 'utlevering_dato']]]);
  });

  it('writes only a persons file when only person variables are approved', () => {
    expect(planUnits(app(['pasient_lopenr', 'pasient_fodselsar'])).map((u) => u.unit)).toEqual(['persons']);
  });
});
