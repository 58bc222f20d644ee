import { writeCodeList, type ConceptSpec } from '../codelist-writer.js';
import {
  ICD10_CHAPTERS,
  ICD10_CODES,
  ICPC2_CHAPTERS,
  ICPC2_CODES,
  LEGAL_BASIS_CODES,
  PHARMACY_SERVICE_CODES,
  PROFESSION_CODES,
  SEX_CODES,
  SPECIES_CODES,
  SUBSTITUTION_RESERVATION_CODES,
} from './codelist-data.js';

const VERSION = '2024-01-01';

/** Rows `a|b|c` of a table string. */
function rows(table: string): string[][] {
  return table
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('|'));
}

/** The ICD-10 chapter (its code range) that a 3-character category belongs to. */
export function icd10Chapter(code: string): string {
  const key = code.slice(0, 3);
  for (const [range] of ICD10_CHAPTERS) {
    const [from = '', to = ''] = range.split('-');
    if (key >= from && key <= to) return range;
  }
  throw new Error(`ICD-10 code outside every chapter: ${code}`);
}

/** ICD-10 (7110): chapters (level 1), 3-character categories (level 2, parent: chapter), subcategories (level 3, parent: category). */
export function icd10Concepts(): ConceptSpec[] {
  const concepts: ConceptSpec[] = ICD10_CHAPTERS.map(([range, roman, title]) => ({ code: range, display: `Kapittel ${roman}: ${title}`, level: 1 }));
  for (const [code = '', display = ''] of rows(ICD10_CODES)) {
    concepts.push(code.length === 3 ? { code, display, parent: icd10Chapter(code), level: 2 } : { code, display, parent: code.slice(0, 3), level: 3 });
  }
  return concepts;
}

/** The ICPC-2 component (1–7) of a rubric: 01–29 symptoms, 30–69 process, 70–99 diagnoses. */
export function icpc2Component(code: string): number {
  const n = Number(code.slice(1));
  if (n <= 29) return 1;
  if (n <= 49) return 2;
  if (n <= 59) return 3;
  if (n <= 61) return 4;
  if (n <= 62) return 5;
  if (n <= 69) return 6;
  return 7;
}

/** ICPC-2 (7170): chapters (parent of rubrics); each rubric's `level` is its component (1–7). */
export function icpc2Concepts(): ConceptSpec[] {
  const concepts: ConceptSpec[] = ICPC2_CHAPTERS.map(([code, display]) => ({ code, display }));
  for (const [code = '', display = ''] of rows(ICPC2_CODES)) concepts.push({ code, display, parent: code[0]!, level: icpc2Component(code) });
  return concepts;
}

const withEnglish = (table: string): ConceptSpec[] =>
  rows(table).map(([code = '', display = '', english]) => (english ? { code, display, nameEnglish: english } : { code, display }));

/**
 * Writes the person-side code lists: 3101 sex, 7110 ICD-10, 7170 ICPC-2, 7427 legal basis for
 * reimbursement, 9060 health-personnel category, and the local lists 99775 species, 99792
 * reservation against generic substitution and 99794 pharmaceutical service type.
 */
export async function writePeopleCodeLists(dir: string): Promise<void> {
  await writeCodeList(dir, {
    oid: '3101', name: 'Kjonn', title: 'Kjønn', version: VERSION,
    concepts: SEX_CODES.map(([code, display, nameEnglish]) => ({ code, display, nameEnglish })),
  });
  await writeCodeList(dir, {
    oid: '7110', name: 'ICD10', title: 'ICD-10 (utvalg brukt som refusjonskoder)', version: VERSION, concepts: icd10Concepts(),
  });
  await writeCodeList(dir, {
    oid: '7170', name: 'ICPC2', title: 'ICPC-2 (utvalg; level = komponent: 1 symptomer og plager, 7 diagnoser og sykdommer)', version: VERSION,
    concepts: icpc2Concepts(),
  });
  await writeCodeList(dir, { oid: '7427', name: 'Refusjonshjemmel', title: 'Refusjonshjemmel', version: VERSION, concepts: withEnglish(LEGAL_BASIS_CODES) });
  await writeCodeList(dir, {
    oid: '9060', name: 'KategoriHelsepersonell', title: 'Kategori helsepersonell', version: VERSION,
    concepts: rows(PROFESSION_CODES).map(([code = '', display = '']) => (code === 'MT' ? { code, display: `${display} (utgått)` } : { code, display })),
  });
  await writeCodeList(dir, { oid: '99775', name: 'Dyreart', title: 'Dyreart (lokal kodeliste)', version: VERSION, concepts: withEnglish(SPECIES_CODES) });
  await writeCodeList(dir, {
    oid: '99792', name: 'ReservasjonGeneriskBytte', title: 'Reservasjon mot generisk bytte (lokal kodeliste)', version: VERSION,
    concepts: withEnglish(SUBSTITUTION_RESERVATION_CODES),
  });
  await writeCodeList(dir, {
    oid: '99794', name: 'FarmasoytiskTjeneste', title: 'Farmasøytisk tjeneste (lokal kodeliste)', version: VERSION,
    concepts: withEnglish(PHARMACY_SERVICE_CODES),
  });
}
