/**
 * The drug code lists, written as FHIR CodeSystems through `writeCodeList`:
 * 7180 ATC (every level 1–5 of the catalogue), 7448 dosage forms used, 7452 pack units used.
 */
import { writeCodeList, type CodeListSpec, type ConceptSpec } from '../codelist-writer.js';
import { allAtcCodes, atcLevel, atcNames, atcParent, usedDosageForms, usedPackUnits } from './catalogue.js';
import { DOSAGE_FORMS, PACK_UNITS } from './model.js';

/** Version stamp of the synthetic drug code lists. */
export const DRUG_CODELIST_VERSION = '2024-01-01';

export function atcCodeList(): CodeListSpec {
  const concepts: ConceptSpec[] = allAtcCodes().map((code) => {
    const names = atcNames(code)!;
    const parent = atcParent(code);
    return {
      code,
      display: names.nameNo,
      ...(parent !== undefined ? { parent } : {}),
      level: atcLevel(code)!,
      nameEnglish: names.name,
    };
  });
  return { oid: '7180', name: 'ATC', title: 'ATC-klassifikasjon', version: DRUG_CODELIST_VERSION, concepts };
}

export function dosageFormCodeList(): CodeListSpec {
  const concepts: ConceptSpec[] = usedDosageForms().map((key) => {
    const form = DOSAGE_FORMS[key];
    return { code: form.code, display: form.name, nameEnglish: form.nameEnglish };
  });
  concepts.sort((a, b) => Number(a.code) - Number(b.code));
  return { oid: '7448', name: 'Legemiddelform', title: 'Legemiddelform (FEST)', version: DRUG_CODELIST_VERSION, concepts };
}

export function packUnitCodeList(): CodeListSpec {
  const concepts: ConceptSpec[] = usedPackUnits().map((unit) => ({
    code: unit,
    display: PACK_UNITS[unit].name,
    nameEnglish: PACK_UNITS[unit].nameEnglish,
  }));
  return { oid: '7452', name: 'EnhetPakning', title: 'Enhet for pakningsstørrelse', version: DRUG_CODELIST_VERSION, concepts };
}

/** Writes `7180.json`, `7448.json` and `7452.json` into `dir`. */
export async function writeDrugCodeLists(dir: string): Promise<void> {
  await writeCodeList(dir, atcCodeList());
  await writeCodeList(dir, dosageFormCodeList());
  await writeCodeList(dir, packUnitCodeList());
}
