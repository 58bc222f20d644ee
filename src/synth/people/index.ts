/**
 * The people of the synthetic nation: population register, health personnel with GP lists,
 * pharmacies, and the code lists that describe them. See README.md.
 */
import { writeGeographyCodeLists } from '../geography/codelists.js';
import { writePeopleCodeLists } from './codelists.js';

export { writePeople, type PeopleSummary, type WritePeopleOptions } from './population.js';

/**
 * Writes the non-drug code lists: 3101, 3402, 3403, 7110, 7170, 7427, 9060, 99775, 99792, 99794
 * (one FHIR CodeSystem file each, named by short OID).
 */
export async function writeGeneralCodeLists(dir: string): Promise<void> {
  await writeGeographyCodeLists(dir);
  await writePeopleCodeLists(dir);
}
