import { writeCodeList } from '../codelist-writer.js';
import { COUNTIES, MUNICIPALITY_CODES } from './geography.js';

/**
 * Writes code list 3402 (municipalities: every code in the tables, with validity, county and the
 * code(s) an expired one became) and 3403 (counties with validity: a local extension, since Volven
 * publishes the county list without its history).
 */
export async function writeGeographyCodeLists(dir: string): Promise<void> {
  await writeCodeList(dir, {
    oid: '3402',
    name: 'Kommune',
    title: 'Kommunenummer',
    version: '2024-01-01',
    concepts: MUNICIPALITY_CODES.map((m) => ({
      code: m.code,
      display: m.name,
      effectiveFrom: m.from,
      effectiveTo: m.to,
      county: m.county,
      ...(m.replacedBy.length ? { replacedBy: m.replacedBy.join(',') } : {}),
    })),
  });
  await writeCodeList(dir, {
    oid: '3403',
    name: 'Fylke',
    title: 'Fylkesnummer med gyldighet (lokal utvidelse, ikke en Volven-liste)',
    version: '2024-01-01',
    concepts: COUNTIES.map((c) => ({
      code: c.code,
      display: c.name,
      effectiveFrom: c.from,
      effectiveTo: c.to,
      ...(c.replacedBy.length ? { replacedBy: c.replacedBy.join(',') } : {}),
    })),
  });
}
