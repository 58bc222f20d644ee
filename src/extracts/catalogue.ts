/**
 * The research variable catalogue: every variable a project can be given in an extract, as data.
 *
 * Each variable carries its extract column name, a description in bokmål and English, its type and
 * code list, the levels of detail that may be released, a sensitivity class, the unit it describes
 * (one value per dispensing, per person or per prescriber) and where its values come from: a column of
 * the dispensing store (`dispensing.current_dispensing`), a reference table looked up by an internal key,
 * or a derivation the extract engine computes. Identity numbers are never a source: patients and
 * prescribers appear only as project-specific numbers (`*_lopenr`) derived from internal ids.
 */

/** The seven groups of variables, in catalogue order. */
export const VARIABLE_GROUPS = ['patient', 'prescriber', 'pharmacy', 'drug', 'dispensing', 'reimbursement', 'animal'] as const;
export type VariableGroup = (typeof VARIABLE_GROUPS)[number];

/** The extract-name prefix of each group. */
export const GROUP_PREFIX: Readonly<Record<VariableGroup, string>> = {
  patient: 'pasient',
  prescriber: 'forskriver',
  pharmacy: 'apotek',
  drug: 'legemiddel',
  dispensing: 'utlevering',
  reimbursement: 'refusjon',
  animal: 'dyr',
};

export interface Bilingual {
  readonly nb: string;
  readonly en: string;
}

export type VariableType = 'text' | 'integer' | 'decimal' | 'date' | 'boolean' | 'code' | 'text-list';

export type Sensitivity = 'identifying' | 'indirectly-identifying' | 'sensitive-health' | 'ordinary';

/** What one value describes: a dispensing, a person (patient) or a prescriber. */
export type VariableUnit = 'dispensings' | 'persons' | 'prescribers';

/**
 * The code lists variables use, by short OID (full OID `2.16.578.1.12.4.1.1.<oid>`). `volven: false`
 * marks local lists (99xxx) and the local county extension 3403.
 */
export const CODE_LISTS = {
  '3101': { name: 'Kjønn', nameEn: 'Sex', volven: true },
  '3402': { name: 'Kommunenummer', nameEn: 'Municipality', volven: true },
  '3403': { name: 'Fylkesnummer med gyldighet', nameEn: 'County (with validity)', volven: false },
  '7110': { name: 'ICD-10', nameEn: 'ICD-10', volven: true },
  '7170': { name: 'ICPC-2', nameEn: 'ICPC-2', volven: true },
  '7180': { name: 'ATC-klassifikasjon', nameEn: 'ATC classification', volven: true },
  '7427': { name: 'Refusjonshjemmel', nameEn: 'Legal basis for reimbursement', volven: true },
  '7448': { name: 'Legemiddelform', nameEn: 'Dosage form', volven: true },
  '7452': { name: 'Enhet for pakningsstørrelse', nameEn: 'Pack unit', volven: true },
  '9060': { name: 'Kategori helsepersonell', nameEn: 'Health-personnel category', volven: true },
  '99775': { name: 'Dyreart', nameEn: 'Species', volven: false },
  '99792': { name: 'Reservasjon mot generisk bytte', nameEn: 'Reservation against generic substitution', volven: false },
  '99794': { name: 'Farmasøytisk tjeneste', nameEn: 'Pharmaceutical service type', volven: false },
} as const satisfies Record<string, { name: string; nameEn: string; volven: boolean }>;
export type CodeListOid = keyof typeof CODE_LISTS;

/** A fixed value set for a coded variable that has no code list of its own. */
export interface CodeValue {
  readonly code: string;
  readonly nb: string;
  readonly en: string;
}

/**
 * Levels of detail a variable may be released at. A variable lists its allowed levels, the most
 * detailed first; a project is granted one of them.
 */
export const DETAIL_LEVELS = {
  exact: { nb: 'Verdien slik den er lagret', en: 'The value as stored' },
  date: { nb: 'Eksakt dato', en: 'Exact date' },
  month: { nb: 'År og måned', en: 'Year and month' },
  quarter: { nb: 'År og kvartal', en: 'Year and quarter' },
  year: { nb: 'År', en: 'Year' },
  'age-band-5': { nb: 'Femårig aldersgruppe (0–4, 5–9, …, 90+)', en: 'Five-year age band (0–4, 5–9, …, 90+)' },
  municipality: { nb: 'Kommune', en: 'Municipality' },
  county: { nb: 'Fylke (dagens fylkesinndeling)', en: 'County (current county structure)' },
  code: { nb: 'Full kode', en: 'Full code' },
  'code-category': { nb: 'Tre-tegns kategori', en: 'Three-character category' },
  'code-chapter': { nb: 'Kapittel', en: 'Chapter' },
} as const satisfies Record<string, Bilingual>;
export type DetailLevel = keyof typeof DETAIL_LEVELS;

/** A column of the dispensing store (table `dispensing`, read through `current_dispensing`) or the reference store. */
export interface ColumnRef {
  readonly store: 'dispensing' | 'reference';
  readonly table: string;
  readonly column: string;
}

/** How a derived variable is computed; the extract engine implements each rule. */
export type DerivationRule =
  /** A number unique within one project, assigned to each distinct value of the inputs; never the input itself. */
  | 'project-lopenr'
  /** The year of a date. */
  | 'year-of'
  /** The county (code list 3403, current structure) of the municipality in `of`, through `code.county` of 3402. */
  | 'county-of-municipality'
  /** The first `parameter` characters of an ATC code: level 1 = 1, 2 = 3, 3 = 4, 4 = 5, 5 = 7. */
  | 'atc-level'
  /** The first non-null input. */
  | 'first-non-null'
  /** The OID of the code list of the first non-null input. */
  | 'code-list-of';

export type VariableSource =
  | { readonly kind: 'column'; readonly column: ColumnRef }
  | {
      readonly kind: 'lookup';
      /** The reference column released. */
      readonly column: ColumnRef;
      /** The dispensing-store column joined on (an internal key; never released by this variable). */
      readonly key: ColumnRef;
      /** The reference column `key` matches. */
      readonly lookupKey: ColumnRef;
    }
  | {
      readonly kind: 'derived';
      readonly rule: DerivationRule;
      readonly inputs: readonly ColumnRef[];
      /** A catalogue variable this one derives from (its source resolved first), when there is one. */
      readonly of?: string;
      readonly parameter?: number;
    };

export interface Variable {
  readonly name: string;
  readonly group: VariableGroup;
  readonly description: Bilingual;
  readonly type: VariableType;
  /** The code list, when the values are codes of one. */
  readonly codeList: CodeListOid | null;
  /** Why a coded variable has no code list, with its fixed values where it has them. */
  readonly noCodeList?: { readonly reason: Bilingual; readonly values?: readonly CodeValue[] };
  /** Allowed levels of detail, most detailed first. */
  readonly levels: readonly DetailLevel[];
  readonly sensitivity: Sensitivity;
  readonly unit: VariableUnit;
  readonly source: VariableSource;
  /** Masked (null) on dispensings to animals: the owner's birth data, sex and residence. */
  readonly maskedForAnimals: boolean;
}

// ---- source builders ------------------------------------------------------------------------------

const dsp = (column: string): ColumnRef => ({ store: 'dispensing', table: 'dispensing', column });
const ref = (table: string, column: string): ColumnRef => ({ store: 'reference', table, column });
const column = (name: string): VariableSource => ({ kind: 'column', column: dsp(name) });
const personLookup = (col: string): VariableSource => ({ kind: 'lookup', column: ref('person', col), key: dsp('patient_id'), lookupKey: ref('person', 'person_id') });
const prescriberLookup = (col: string): VariableSource => ({
  kind: 'lookup', column: ref('prescriber', col), key: dsp('prescriber_id'), lookupKey: ref('prescriber', 'prescriber_id'),
});
const pharmacyLookup = (col: string): VariableSource => ({ kind: 'lookup', column: ref('pharmacy', col), key: dsp('pharmacy'), lookupKey: ref('pharmacy', 'konsesjonsnr') });
const productLookup = (col: string): VariableSource => ({ kind: 'lookup', column: ref('product', col), key: dsp('varenr'), lookupKey: ref('product', 'varenr') });
const atcLevel = (level: number, length: number): VariableSource => ({ kind: 'derived', rule: 'atc-level', inputs: [dsp('atc')], parameter: length });

const DATE_LEVELS: readonly DetailLevel[] = ['date', 'month', 'quarter', 'year'];
const PLACE_LEVELS: readonly DetailLevel[] = ['municipality', 'county'];
const EXACT: readonly DetailLevel[] = ['exact'];

type Spec = Omit<Variable, 'maskedForAnimals'> & { readonly maskedForAnimals?: boolean };
const v = (spec: Spec): Variable => ({ ...spec, maskedForAnimals: spec.maskedForAnimals ?? false });

const ATC_LEVEL_NAMES: readonly (readonly [string, string])[] = [
  ['anatomisk hovedgruppe', 'anatomical main group'],
  ['terapeutisk undergruppe', 'therapeutic subgroup'],
  ['farmakologisk undergruppe', 'pharmacological subgroup'],
  ['kjemisk undergruppe', 'chemical subgroup'],
  ['kjemisk substans (virkestoff)', 'chemical substance'],
];
const ATC_LENGTHS = [1, 3, 4, 5, 7] as const;

const atcVariables: readonly Variable[] = ATC_LENGTHS.map((length, i) => {
  const [nb, en] = ATC_LEVEL_NAMES[i]!;
  return v({
    name: `legemiddel_atckode_niva${String(i + 1)}`,
    group: 'drug',
    description: { nb: `ATC-kode på nivå ${String(i + 1)}: ${nb}`, en: `ATC code at level ${String(i + 1)}: ${en}` },
    type: 'code', codeList: '7180', levels: EXACT, sensitivity: 'sensitive-health', unit: 'dispensings',
    source: atcLevel(i + 1, length),
  });
});

// ---- the catalogue ---------------------------------------------------------------------------------

export const VARIABLES: readonly Variable[] = Object.freeze([
  // patient
  v({
    name: 'pasient_lopenr', group: 'patient',
    description: { nb: 'Prosjektspesifikt løpenummer for pasienten (aldri fødselsnummer)', en: 'Project-specific patient number (never the identity number)' },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'identifying', unit: 'persons',
    source: { kind: 'derived', rule: 'project-lopenr', inputs: [dsp('patient_id')] },
  }),
  v({
    name: 'pasient_kjonn', group: 'patient',
    description: { nb: 'Pasientens kjønn', en: "The patient's sex" },
    type: 'code', codeList: '3101', levels: EXACT, sensitivity: 'indirectly-identifying', unit: 'persons',
    source: column('patient_sex'), maskedForAnimals: true,
  }),
  v({
    name: 'pasient_fodselsdato', group: 'patient',
    description: { nb: 'Pasientens fødselsdato', en: "The patient's date of birth" },
    type: 'date', codeList: null, levels: ['date', 'month', 'year'], sensitivity: 'identifying', unit: 'persons',
    source: column('patient_birth_date'), maskedForAnimals: true,
  }),
  v({
    name: 'pasient_fodselsar', group: 'patient',
    description: { nb: 'Pasientens fødselsår', en: "The patient's year of birth" },
    type: 'integer', codeList: null, levels: ['year'], sensitivity: 'indirectly-identifying', unit: 'persons',
    source: { kind: 'derived', rule: 'year-of', inputs: [dsp('patient_birth_date')] }, maskedForAnimals: true,
  }),
  v({
    name: 'pasient_alder_utlevering', group: 'patient',
    description: { nb: 'Pasientens alder i hele år på utleveringsdatoen', en: "The patient's age in whole years on the dispensing date" },
    type: 'integer', codeList: null, levels: ['exact', 'age-band-5'], sensitivity: 'indirectly-identifying', unit: 'dispensings',
    source: column('patient_age'), maskedForAnimals: true,
  }),
  v({
    name: 'pasient_dodsdato', group: 'patient',
    description: { nb: 'Pasientens dødsdato (utleveres som år og måned eller år)', en: "The patient's date of death (released as year and month, or year)" },
    type: 'date', codeList: null, levels: ['month', 'year'], sensitivity: 'indirectly-identifying', unit: 'persons',
    source: personLookup('death_date'), maskedForAnimals: true,
  }),
  v({
    name: 'pasient_bostedskommune', group: 'patient',
    description: { nb: 'Pasientens bostedskommune på utleveringsdatoen', en: "The patient's municipality of residence on the dispensing date" },
    type: 'code', codeList: '3402', levels: PLACE_LEVELS, sensitivity: 'indirectly-identifying', unit: 'dispensings',
    source: column('patient_municipality'), maskedForAnimals: true,
  }),
  v({
    name: 'pasient_bostedsfylke', group: 'patient',
    description: { nb: 'Pasientens bostedsfylke på utleveringsdatoen, etter dagens fylkesinndeling', en: "The patient's county of residence on the dispensing date, in the current county structure" },
    type: 'code', codeList: '3403', levels: ['county'], sensitivity: 'indirectly-identifying', unit: 'dispensings',
    source: { kind: 'derived', rule: 'county-of-municipality', inputs: [ref('code', 'county')], of: 'pasient_bostedskommune' }, maskedForAnimals: true,
  }),
  v({
    name: 'pasient_i_folkeregisteret', group: 'patient',
    description: { nb: 'Om pasienten ble funnet i Folkeregisteret', en: 'Whether the patient was found in the population register' },
    type: 'boolean', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'persons',
    source: column('patient_in_population'),
  }),

  // prescriber
  v({
    name: 'forskriver_lopenr', group: 'prescriber',
    description: { nb: 'Prosjektspesifikt løpenummer for forskriveren (aldri HPR-nummer)', en: 'Project-specific prescriber number (never the HPR number)' },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'identifying', unit: 'prescribers',
    source: { kind: 'derived', rule: 'project-lopenr', inputs: [dsp('prescriber_id')] },
  }),
  v({
    name: 'forskriver_fodselsar', group: 'prescriber',
    description: { nb: 'Forskriverens fødselsår', en: "The prescriber's year of birth" },
    type: 'integer', codeList: null, levels: ['year'], sensitivity: 'indirectly-identifying', unit: 'prescribers',
    source: prescriberLookup('birth_year'),
  }),
  v({
    name: 'forskriver_kjonn', group: 'prescriber',
    description: { nb: 'Forskriverens kjønn', en: "The prescriber's sex" },
    type: 'code', codeList: '3101', levels: EXACT, sensitivity: 'indirectly-identifying', unit: 'prescribers',
    source: prescriberLookup('sex'),
  }),
  v({
    name: 'forskriver_yrke', group: 'prescriber',
    description: { nb: 'Forskriverens yrke (helsepersonellkategori i HPR)', en: "The prescriber's profession (health-personnel category in HPR)" },
    type: 'code', codeList: '9060', levels: EXACT, sensitivity: 'ordinary', unit: 'prescribers',
    source: column('prescriber_profession'),
  }),
  v({
    name: 'forskriver_spesialitet', group: 'prescriber',
    description: { nb: 'Forskriverens godkjente spesialiteter i HPR', en: "The prescriber's approved specialties in HPR" },
    type: 'text-list', codeList: null,
    noCodeList: {
      reason: {
        nb: 'Spesialitetene lagres som navn fra HPR; den syntetiske nasjonen skriver ingen kodeliste for dem',
        en: 'Specialties are stored as HPR names; the synthetic nation writes no code list for them',
      },
    },
    levels: EXACT, sensitivity: 'indirectly-identifying', unit: 'prescribers',
    source: column('prescriber_specialties'),
  }),
  v({
    name: 'forskriver_er_fastlege', group: 'prescriber',
    description: { nb: 'Om forskriveren var pasientens fastlege på utleveringsdatoen', en: "Whether the prescriber was the patient's GP on the dispensing date" },
    type: 'boolean', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('prescriber_is_gp'),
  }),
  v({
    name: 'forskriver_arbeidssted_orgnr', group: 'prescriber',
    description: { nb: 'Organisasjonsnummeret til forskriverens arbeidssted', en: "The organisation number of the prescriber's workplace" },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'indirectly-identifying', unit: 'prescribers',
    source: prescriberLookup('workplace_orgnr'),
  }),
  v({
    name: 'forskriver_arbeidssted_kommune', group: 'prescriber',
    description: { nb: 'Kommunen der forskriverens arbeidssted ligger', en: "The municipality of the prescriber's workplace" },
    type: 'code', codeList: '3402', levels: PLACE_LEVELS, sensitivity: 'indirectly-identifying', unit: 'prescribers',
    source: prescriberLookup('workplace_municipality'),
  }),

  // pharmacy
  v({
    name: 'apotek_nr', group: 'pharmacy',
    description: { nb: 'Apotekets konsesjonsnummer', en: "The pharmacy's licence number (konsesjonsnummer)" },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'indirectly-identifying', unit: 'dispensings',
    source: column('pharmacy'),
  }),
  v({
    name: 'apotek_navn', group: 'pharmacy',
    description: { nb: 'Apotekets navn', en: "The pharmacy's name" },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'indirectly-identifying', unit: 'dispensings',
    source: pharmacyLookup('name'),
  }),
  v({
    name: 'apotek_kjede', group: 'pharmacy',
    description: { nb: 'Apotekkjeden apoteket tilhører', en: 'The pharmacy chain the pharmacy belongs to' },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: pharmacyLookup('chain'),
  }),
  v({
    name: 'apotek_kommune', group: 'pharmacy',
    description: { nb: 'Kommunen apoteket ligger i', en: 'The municipality the pharmacy is in' },
    type: 'code', codeList: '3402', levels: PLACE_LEVELS, sensitivity: 'indirectly-identifying', unit: 'dispensings',
    source: pharmacyLookup('municipality'),
  }),
  v({
    name: 'apotek_fylke', group: 'pharmacy',
    description: { nb: 'Fylket apoteket ligger i, etter dagens fylkesinndeling', en: 'The county the pharmacy is in, in the current county structure' },
    type: 'code', codeList: '3403', levels: ['county'], sensitivity: 'ordinary', unit: 'dispensings',
    source: { kind: 'derived', rule: 'county-of-municipality', inputs: [ref('code', 'county')], of: 'apotek_kommune' },
  }),

  // drug
  v({
    name: 'legemiddel_varenummer', group: 'drug',
    description: { nb: 'Varenummeret til pakningen som ble utlevert (FEST)', en: 'The article number of the pack dispensed (FEST)' },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'sensitive-health', unit: 'dispensings',
    source: column('varenr'),
  }),
  v({
    name: 'legemiddel_navn', group: 'drug',
    description: { nb: 'Legemidlets navn, form og styrke (FEST)', en: 'Product name, form and strength (FEST)' },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'sensitive-health', unit: 'dispensings',
    source: column('product_name'),
  }),
  ...atcVariables,
  v({
    name: 'legemiddel_virkestoff', group: 'drug',
    description: { nb: 'Virkestoffet (navnet på ATC-koden)', en: 'The active substance (the name of the ATC code)' },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'sensitive-health', unit: 'dispensings',
    source: productLookup('atc_name'),
  }),
  v({
    name: 'legemiddel_reseptgruppe', group: 'drug',
    description: { nb: 'Reseptgruppen legemidlet tilhører (A, B, C, F)', en: 'The prescription class of the drug (A, B, C, F)' },
    type: 'code', codeList: null,
    noCodeList: {
      reason: { nb: 'Fast verdisett fra FEST; ingen egen kodeliste trengs', en: 'A fixed value set from FEST; no code list of its own is needed' },
      values: [
        { code: 'A', nb: 'Reseptgruppe A (narkotika)', en: 'Class A (narcotics)' },
        { code: 'B', nb: 'Reseptgruppe B (vanedannende)', en: 'Class B (habit-forming)' },
        { code: 'C', nb: 'Reseptgruppe C (reseptpliktig)', en: 'Class C (prescription only)' },
        { code: 'F', nb: 'Reseptgruppe F (reseptfritt)', en: 'Class F (over the counter)' },
      ],
    },
    levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('reseptgruppe'),
  }),
  v({
    name: 'legemiddel_legemiddelform', group: 'drug',
    description: { nb: 'Legemiddelform (tablett, mikstur, …)', en: 'Dosage form (tablet, oral solution, …)' },
    type: 'code', codeList: '7448', levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: productLookup('form_code'),
  }),
  v({
    name: 'legemiddel_pakningsstorrelse', group: 'drug',
    description: { nb: 'Pakningsstørrelse, i pakningsenheten', en: 'Pack size, in the pack unit' },
    type: 'decimal', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('pack_size'),
  }),
  v({
    name: 'legemiddel_pakningsenhet', group: 'drug',
    description: { nb: 'Enheten pakningsstørrelsen er oppgitt i', en: 'The unit the pack size is given in' },
    type: 'code', codeList: '7452', levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('pack_unit'),
  }),
  v({
    name: 'legemiddel_ddd_verdi', group: 'drug',
    description: { nb: 'Definert døgndose (DDD), verdi', en: 'Defined daily dose (DDD), value' },
    type: 'decimal', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: productLookup('ddd_value'),
  }),
  v({
    name: 'legemiddel_ddd_enhet', group: 'drug',
    description: { nb: 'Definert døgndose (DDD), enhet', en: 'Defined daily dose (DDD), unit' },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: productLookup('ddd_unit'),
  }),
  v({
    name: 'legemiddel_ddd_per_pakning', group: 'drug',
    description: { nb: 'Antall definerte døgndoser per pakning', en: 'Number of defined daily doses per pack' },
    type: 'decimal', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('ddd_per_pack'),
  }),

  // dispensing
  v({
    name: 'utlevering_lopenr', group: 'dispensing',
    description: { nb: 'Prosjektspesifikt løpenummer for utleveringen', en: 'Project-specific dispensing number' },
    type: 'text', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: { kind: 'derived', rule: 'project-lopenr', inputs: [dsp('pharmacy'), dsp('ref')] },
  }),
  v({
    name: 'utlevering_dato', group: 'dispensing',
    description: { nb: 'Datoen legemidlet ble utlevert', en: 'The date the drug was dispensed' },
    type: 'date', codeList: null, levels: DATE_LEVELS, sensitivity: 'indirectly-identifying', unit: 'dispensings',
    source: column('dispensed_on'),
  }),
  v({
    name: 'utlevering_type', group: 'dispensing',
    description: { nb: 'Meldingstype: resept, rekvisisjon eller farmasøytisk tjeneste', en: 'Message kind: prescription, requisition or pharmaceutical service' },
    type: 'code', codeList: null,
    noCodeList: {
      reason: { nb: 'Fast verdisett i registeret; ingen kodeliste trengs', en: 'A fixed value set of the register; no code list is needed' },
      values: [
        { code: 'prescription', nb: 'Resept', en: 'Prescription' },
        { code: 'requisition', nb: 'Rekvisisjon', en: 'Requisition' },
        { code: 'service', nb: 'Farmasøytisk tjeneste', en: 'Pharmaceutical service' },
      ],
    },
    levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('kind'),
  }),
  v({
    name: 'utlevering_reseptkategori', group: 'dispensing',
    description: { nb: 'Resepttype: e-resept, papirresept, telefonresept eller multidose', en: 'Prescription type: e-prescription, paper, telephone or multidose' },
    type: 'code', codeList: null,
    noCodeList: {
      reason: { nb: 'Fast verdisett i meldingen; ingen kodeliste trengs', en: 'A fixed value set of the message; no code list is needed' },
      values: [
        { code: 'E', nb: 'E-resept', en: 'Electronic prescription' },
        { code: 'P', nb: 'Papirresept', en: 'Paper prescription' },
        { code: 'T', nb: 'Telefonresept', en: 'Telephone prescription' },
        { code: 'M', nb: 'Multidose', en: 'Multidose (dose-dispensed)' },
      ],
    },
    levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('prescription_type'),
  }),
  v({
    name: 'utlevering_antall_pakninger', group: 'dispensing',
    description: { nb: 'Antall pakninger utlevert', en: 'Number of packs dispensed' },
    type: 'decimal', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('packs'),
  }),
  v({
    name: 'utlevering_ddd', group: 'dispensing',
    description: { nb: 'Antall definerte døgndoser utlevert (pakninger × DDD per pakning)', en: 'Defined daily doses dispensed (packs × DDD per pack)' },
    type: 'decimal', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('ddd'),
  }),
  v({
    name: 'utlevering_aup', group: 'dispensing',
    description: { nb: 'Apotekets utsalgspris (AUP) i kroner', en: 'Pharmacy retail price (AUP) in NOK' },
    type: 'decimal', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('aup'),
  }),
  v({
    name: 'utlevering_generisk_bytte', group: 'dispensing',
    description: { nb: 'Om legemidlet ble byttet til et generisk likeverdig legemiddel', en: 'Whether the drug was substituted with a generic equivalent' },
    type: 'boolean', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('substituted'),
  }),
  v({
    name: 'utlevering_reservasjon', group: 'dispensing',
    description: { nb: 'Reservasjon mot generisk bytte, og hvem som reserverte', en: 'Reservation against generic substitution, and who made it' },
    type: 'code', codeList: '99792', levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('reservation'),
  }),
  v({
    name: 'utlevering_farmasoytisk_tjeneste', group: 'dispensing',
    description: { nb: 'Farmasøytisk tjeneste gitt i apoteket (for eksempel vaksinasjon)', en: 'Pharmaceutical service given in the pharmacy (for example vaccination)' },
    type: 'code', codeList: '99794', levels: EXACT, sensitivity: 'sensitive-health', unit: 'dispensings',
    source: column('service_type'),
  }),

  // reimbursement
  v({
    name: 'refusjon_ordning', group: 'reimbursement',
    description: { nb: 'Refusjonsordning: blå resept, H-resept eller hvit resept', en: 'Reimbursement scheme: blue prescription, H-prescription or white prescription' },
    type: 'code', codeList: null,
    noCodeList: {
      reason: { nb: 'Fast verdisett i meldingen; ingen kodeliste trengs', en: 'A fixed value set of the message; no code list is needed' },
      values: [
        { code: 'blue', nb: 'Blå resept (folketrygden)', en: 'Blue prescription (National Insurance)' },
        { code: 'h', nb: 'H-resept (spesialisthelsetjenesten)', en: 'H-prescription (specialist health service)' },
        { code: 'white', nb: 'Hvit resept (ingen refusjon)', en: 'White prescription (no reimbursement)' },
      ],
    },
    levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('reimbursement_scheme'),
  }),
  v({
    name: 'refusjon_hjemmel', group: 'reimbursement',
    description: { nb: 'Refusjonshjemmel i blåreseptforskriften (§2, §3, §4, §5, §6, …)', en: 'Legal basis for reimbursement in the blue-prescription regulation (§2, §3, §4, §5, §6, …)' },
    type: 'code', codeList: '7427', levels: EXACT, sensitivity: 'sensitive-health', unit: 'dispensings',
    source: column('legal_basis'),
  }),
  v({
    name: 'refusjon_icd10', group: 'reimbursement',
    description: { nb: 'Refusjonskode som ICD-10-diagnose', en: 'Reimbursement code as an ICD-10 diagnosis' },
    type: 'code', codeList: '7110', levels: ['code', 'code-category', 'code-chapter'], sensitivity: 'sensitive-health', unit: 'dispensings',
    source: column('icd10'),
  }),
  v({
    name: 'refusjon_icpc2', group: 'reimbursement',
    description: { nb: 'Refusjonskode som ICPC-2-diagnose', en: 'Reimbursement code as an ICPC-2 diagnosis' },
    type: 'code', codeList: '7170', levels: ['code', 'code-chapter'], sensitivity: 'sensitive-health', unit: 'dispensings',
    source: column('icpc2'),
  }),
  v({
    name: 'refusjon_kode', group: 'reimbursement',
    description: { nb: 'Refusjonskoden slik den ble oppgitt (ICD-10 eller ICPC-2)', en: 'The reimbursement code as given (ICD-10 or ICPC-2)' },
    type: 'code', codeList: null,
    noCodeList: {
      reason: {
        nb: 'Koden hører til kodelisten i refusjon_kodeverk (7110 eller 7170)',
        en: 'The code belongs to the code list named in refusjon_kodeverk (7110 or 7170)',
      },
    },
    levels: ['code', 'code-chapter'], sensitivity: 'sensitive-health', unit: 'dispensings',
    source: { kind: 'derived', rule: 'first-non-null', inputs: [dsp('icd10'), dsp('icpc2')] },
  }),
  v({
    name: 'refusjon_kodeverk', group: 'reimbursement',
    description: { nb: 'Kodeverket refusjonskoden hører til (OID 7110 ICD-10 eller 7170 ICPC-2)', en: 'The code list of the reimbursement code (OID 7110 ICD-10 or 7170 ICPC-2)' },
    type: 'code', codeList: null,
    noCodeList: {
      reason: { nb: 'Verdiene er selve kodeliste-OID-ene', en: 'The values are the code-list OIDs themselves' },
      values: [
        { code: '7110', nb: 'ICD-10', en: 'ICD-10' },
        { code: '7170', nb: 'ICPC-2', en: 'ICPC-2' },
      ],
    },
    levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: { kind: 'derived', rule: 'code-list-of', inputs: [dsp('icd10'), dsp('icpc2')] },
  }),

  // animal
  v({
    name: 'dyr_utlevering_til_dyr', group: 'animal',
    description: { nb: 'Om legemidlet ble utlevert til et dyr', en: 'Whether the drug was dispensed for an animal' },
    type: 'boolean', codeList: null, levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('animal'),
  }),
  v({
    name: 'dyr_art', group: 'animal',
    description: { nb: 'Dyreart ved utlevering til dyr', en: 'Species, for dispensings to animals' },
    type: 'code', codeList: '99775', levels: EXACT, sensitivity: 'ordinary', unit: 'dispensings',
    source: column('species'),
  }),
]);

// ---- helpers ---------------------------------------------------------------------------------------

const BY_NAME: ReadonlyMap<string, Variable> = new Map(VARIABLES.map((x) => [x.name, x]));

/** The variable of that extract name, or undefined. */
export function variableByName(name: string): Variable | undefined {
  return BY_NAME.get(name);
}

/** The variables of one group, in catalogue order. */
export function variablesInGroup(group: VariableGroup): readonly Variable[] {
  return VARIABLES.filter((x) => x.group === group);
}

/** The levels of detail a variable may be released at, most detailed first; empty for an unknown name. */
export function levelsAllowed(name: string): readonly DetailLevel[] {
  return BY_NAME.get(name)?.levels ?? [];
}

/** Whether a variable may be released at that level of detail. */
export function isLevelAllowed(name: string, level: string): boolean {
  return levelsAllowed(name).some((l) => l === level);
}

/** Every store column a variable's values are read from, join keys included. */
export function sourceColumns(variable: Variable): readonly ColumnRef[] {
  const s = variable.source;
  switch (s.kind) {
    case 'column':
      return [s.column];
    case 'lookup':
      return [s.column, s.key, s.lookupKey];
    case 'derived': {
      const base = s.of !== undefined ? BY_NAME.get(s.of) : undefined;
      return [...s.inputs, ...(base ? sourceColumns(base) : [])];
    }
  }
}
