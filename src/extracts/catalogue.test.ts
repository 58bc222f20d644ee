import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DISPENSING_SCHEMA } from '../dispensing/schema.js';
import { REFERENCE_SCHEMA } from '../reference/store.js';
import {
  CODE_LISTS,
  DETAIL_LEVELS,
  GROUP_PREFIX,
  VARIABLES,
  VARIABLE_GROUPS,
  isLevelAllowed,
  levelsAllowed,
  sourceColumns,
  variableByName,
  variablesInGroup,
  type ColumnRef,
  type Variable,
} from './catalogue.js';

/** Table → column names, parsed from the CREATE TABLE statements of a schema's SQL text. */
function tablesOf(sql: string): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>();
  const withoutComments = sql.replace(/--[^\n]*/g, '');
  for (const m of withoutComments.matchAll(/CREATE TABLE IF NOT EXISTS\s+([\w.]+)\s*\(([\s\S]*?)\);/g)) {
    const name = m[1]!.split('.').pop()!;
    const columns = m[2]!
      .split(',')
      .map((part) => /^\s*"?([a-z_][a-z0-9_]*)"?\s+[A-Z]/.exec(part)?.[1])
      .filter((c): c is string => c !== undefined);
    tables.set(name, new Set(columns));
  }
  return tables;
}

const SCHEMAS: Record<ColumnRef['store'], Map<string, Set<string>>> = {
  dispensing: tablesOf(DISPENSING_SCHEMA),
  reference: tablesOf(REFERENCE_SCHEMA),
};

/** The short OIDs the synthetic nation writes, read from the synth code-list writers' source text. */
function syntheticOids(): Set<string> {
  const dir = resolve(import.meta.dirname, '../synth');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('codelists.ts'));
  const oids = new Set<string>();
  for (const f of files) for (const m of readFileSync(join(dir, f), 'utf8').matchAll(/\boid:\s*'(\d+)'/g)) oids.add(m[1]!);
  return oids;
}

/** Column names that would hold an identity number (national id, D-number, HPR). */
const IDENTITY_LIKE = /(^|_)(fnr|fodselsnummer|foedselsnummer|dnr|d_number|hpr|hpr_nr|hprnr|ssn|identity|identity_number|national_id|personnummer|pid)($|_)/i;
/** Internal ids: released only as a project-specific lopenr, or used as a join key. */
const INTERNAL_IDS = new Set(['patient_id', 'prescriber_id', 'person_id']);

/** The columns whose values a variable releases (join keys excluded). */
function releasedColumns(v: Variable): ColumnRef[] {
  const s = v.source;
  if (s.kind === 'column' || s.kind === 'lookup') return [s.column];
  return [...s.inputs];
}

describe('extracts: the research variable catalogue', () => {
  it('lists exactly 55 variables with unique names in the extract column style', () => {
    expect(VARIABLES).toHaveLength(55);
    const names = VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(55);
    for (const n of names) expect(n).toMatch(/^[a-z]+(_[a-z0-9]+)+$/);
  });

  it('covers every group, and each name starts with its group prefix', () => {
    for (const g of VARIABLE_GROUPS) expect(variablesInGroup(g).length, g).toBeGreaterThan(0);
    for (const v of VARIABLES) expect(v.name.startsWith(`${GROUP_PREFIX[v.group]}_`), v.name).toBe(true);
    expect(VARIABLE_GROUPS.reduce((n, g) => n + variablesInGroup(g).length, 0)).toBe(55);
  });

  it('holds the variables researchers expect', () => {
    for (const n of [
      'pasient_lopenr', 'pasient_kjonn', 'pasient_fodselsar', 'pasient_alder_utlevering', 'pasient_bostedskommune', 'pasient_bostedsfylke',
      'pasient_dodsdato', 'forskriver_lopenr', 'forskriver_yrke', 'forskriver_spesialitet', 'forskriver_er_fastlege', 'apotek_nr', 'apotek_kommune',
      'legemiddel_varenummer', 'legemiddel_navn', 'legemiddel_atckode_niva1', 'legemiddel_atckode_niva5', 'legemiddel_ddd_per_pakning',
      'legemiddel_pakningsstorrelse', 'utlevering_dato', 'utlevering_antall_pakninger', 'utlevering_ddd', 'utlevering_aup', 'utlevering_reseptkategori',
      'utlevering_generisk_bytte', 'utlevering_reservasjon', 'refusjon_kode', 'refusjon_hjemmel', 'refusjon_icd10', 'refusjon_icpc2', 'dyr_art',
    ]) {
      expect(variableByName(n), n).toBeDefined();
    }
    expect(variableByName('pasient_fodselsnummer')).toBeUndefined();
  });

  it('describes every variable in bokmål and English', () => {
    for (const v of VARIABLES) {
      expect(v.description.nb.trim(), v.name).not.toBe('');
      expect(v.description.en.trim(), v.name).not.toBe('');
      expect(v.description.nb, v.name).not.toBe(v.description.en);
    }
  });

  it('uses only code lists the synthetic nation writes, and documents coded variables without one', () => {
    const written = syntheticOids();
    expect(written.size).toBeGreaterThan(5);
    for (const oid of Object.keys(CODE_LISTS)) expect(written.has(oid), `code list ${oid}`).toBe(true);
    for (const v of VARIABLES) {
      if (v.codeList !== null) {
        expect(written.has(v.codeList), `${v.name}: ${v.codeList}`).toBe(true);
        expect(v.noCodeList, v.name).toBeUndefined();
      } else if (v.type === 'code' || v.type === 'text-list') {
        expect(v.noCodeList?.reason.nb.trim(), v.name).toBeTruthy();
        expect(v.noCodeList?.reason.en.trim(), v.name).toBeTruthy();
      }
    }
    expect(variableByName('pasient_kjonn')?.codeList).toBe('3101');
    expect(variableByName('pasient_bostedskommune')?.codeList).toBe('3402');
    expect(variableByName('legemiddel_atckode_niva5')?.codeList).toBe('7180');
    expect(variableByName('refusjon_hjemmel')?.codeList).toBe('7427');
    expect(variableByName('refusjon_icd10')?.codeList).toBe('7110');
    expect(variableByName('refusjon_icpc2')?.codeList).toBe('7170');
    expect(variableByName('forskriver_yrke')?.codeList).toBe('9060');
    expect(variableByName('dyr_art')?.codeList).toBe('99775');
  });

  it('reads every value from a column that exists in the dispensing or reference schema', () => {
    expect(SCHEMAS.dispensing.get('dispensing')?.has('dispensed_on')).toBe(true);
    expect(SCHEMAS.reference.get('person')?.has('death_date')).toBe(true);
    expect(SCHEMAS.dispensing.get('dispensing')?.has('no_such_column')).toBe(false);
    for (const v of VARIABLES) {
      for (const c of sourceColumns(v)) {
        expect(SCHEMAS[c.store].get(c.table)?.has(c.column), `${v.name}: ${c.store}.${c.table}.${c.column}`).toBe(true);
      }
      if (v.source.kind === 'lookup') expect(v.source.key.store, v.name).toBe('dispensing');
      if (v.source.kind === 'derived') {
        const of = v.source.of;
        if (of !== undefined) expect(variableByName(of)?.source.kind, `${v.name} ← ${of}`).not.toBe('derived');
        if (v.source.rule === 'atc-level') expect([1, 3, 4, 5, 7]).toContain(v.source.parameter);
      }
    }
  });

  it('exposes no identity number; patients and prescribers only as project-specific lopenr', () => {
    for (const v of VARIABLES) {
      expect(v.name, v.name).not.toMatch(IDENTITY_LIKE);
      for (const c of sourceColumns(v)) expect(c.column, `${v.name}: ${c.column}`).not.toMatch(IDENTITY_LIKE);
      const internal = releasedColumns(v).filter((c) => INTERNAL_IDS.has(c.column));
      if (internal.length > 0) {
        expect(v.source.kind === 'derived' && v.source.rule === 'project-lopenr', v.name).toBe(true);
        expect(v.name, v.name).toMatch(/_lopenr$/);
        expect(v.sensitivity, v.name).toBe('identifying');
      }
    }
    expect(variableByName('pasient_lopenr')?.source).toEqual({ kind: 'derived', rule: 'project-lopenr', inputs: [{ store: 'dispensing', table: 'dispensing', column: 'patient_id' }] });
    expect(variableByName('forskriver_lopenr')?.unit).toBe('prescribers');
  });

  it('gives every variable allowed levels of detail, a sensitivity class and a unit', () => {
    for (const v of VARIABLES) {
      expect(v.levels.length, v.name).toBeGreaterThan(0);
      for (const l of v.levels) expect(Object.keys(DETAIL_LEVELS), v.name).toContain(l);
      expect(new Set(v.levels).size, v.name).toBe(v.levels.length);
      expect(['identifying', 'indirectly-identifying', 'sensitive-health', 'ordinary']).toContain(v.sensitivity);
      expect(['dispensings', 'persons', 'prescribers']).toContain(v.unit);
    }
    expect(levelsAllowed('pasient_bostedskommune')).toEqual(['municipality', 'county']);
    expect(isLevelAllowed('utlevering_dato', 'month')).toBe(true);
    expect(isLevelAllowed('pasient_dodsdato', 'date')).toBe(false);
    expect(isLevelAllowed('no_such_variable', 'exact')).toBe(false);
    expect(levelsAllowed('no_such_variable')).toEqual([]);
    expect(variableByName('refusjon_icd10')?.sensitivity).toBe('sensitive-health');
  });

  it('masks the owner attributes on animal dispensings', () => {
    const masked = VARIABLES.filter((v) => v.maskedForAnimals).map((v) => v.name);
    expect(masked).toEqual(expect.arrayContaining(['pasient_kjonn', 'pasient_fodselsar', 'pasient_bostedskommune']));
    expect(masked.every((n) => n.startsWith('pasient_'))).toBe(true);
  });
});
