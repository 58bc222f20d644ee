/**
 * Types and small constructors for the synthetic drug catalogue. The data itself lives in `tables/`
 * and is assembled (and checked) in `catalogue.ts`.
 *
 * Units and routes follow the WHO ATC/DDD index; dosage forms, pack units and prescription groups
 * follow the Norwegian FEST catalogue and Volven code lists (7448, 7452, 7421).
 */

// ---------------------------------------------------------------- WHO DDD

/** DDD units as the WHO ATC/DDD index writes them (TU = thousand units, MU = million units). */
export type DddUnit = 'g' | 'mg' | 'mcg' | 'U' | 'TU' | 'MU' | 'mmol' | 'ml';

/**
 * Administration routes as the WHO ATC/DDD index writes them, plus the topical routes WHO assigns no
 * DDD to (`Topical`, `Ophthalmic`, `Otic`, `Intrauterine`), so every presentation has a route.
 */
export type AdminRoute =
  | 'O'
  | 'P'
  | 'R'
  | 'N'
  | 'SL'
  | 'TD'
  | 'V'
  | 'Inhal'
  | 'Inhal.aerosol'
  | 'Inhal.powder'
  | 'Inhal.solution'
  | 'Implant'
  | 'Topical'
  | 'Ophthalmic'
  | 'Otic'
  | 'Intrauterine';

/** One WHO defined daily dose: value and unit for one route. */
export interface Ddd {
  readonly value: number;
  readonly unit: DddUnit;
  readonly route: AdminRoute;
}

// ---------------------------------------------------------------- FEST code lists

/** Reseptgruppe (Volven 7421): A narcotics, B habit-forming, C ordinary prescription, F over the counter. */
export type Reseptgruppe = 'A' | 'B' | 'C' | 'F';

export const RESEPTGRUPPE_NAMES: Readonly<Record<Reseptgruppe, string>> = {
  A: 'Reseptgruppe A',
  B: 'Reseptgruppe B',
  C: 'Reseptgruppe C',
  F: 'Reseptgruppe F',
};

/** Pack units (Volven 7452). */
export type PackUnit = 'stk' | 'ml' | 'g' | 'dose';

export const PACK_UNITS: Readonly<Record<PackUnit, { readonly name: string; readonly nameEnglish: string }>> = {
  stk: { name: 'stykk', nameEnglish: 'piece' },
  ml: { name: 'milliliter', nameEnglish: 'millilitre' },
  g: { name: 'gram', nameEnglish: 'gram' },
  dose: { name: 'dose', nameEnglish: 'dose' },
};

/** Units of strength as FEST writes them in `Styrke U` (IE = international units). */
export type StrengthUnit = 'g' | 'mg' | 'mcg' | 'IE' | 'mmol';

/**
 * The denominator of a strength (`StyrkeNevner`): per ml, per gram, per metered dose, or a release rate
 * per hour or per 24 hours (patches).
 */
export type StrengthPer = 'ml' | 'g' | 'dose' | 'h' | '24h';

/** Where a dosage-form code comes from. */
export type FormCodeSource =
  /** Seen in real FEST data (the shared fixtures, or FEST extracts in public code that reads FEST). */
  | 'fest'
  /** Not verified against Volven 7448: a local code in the 9000 range, marked as such in the code list. */
  | 'local';

export interface DosageForm {
  /** Volven 7448 code. */
  readonly code: string;
  /** Name as in Volven 7448 / FEST `LegemiddelformKort DN`. */
  readonly name: string;
  readonly nameEnglish: string;
  /** Abbreviation FEST uses inside `NavnFormStyrke`, e.g. `tab`, `depotkaps, hard`, `mikst oppl`. */
  readonly abbreviation: string;
  readonly source: FormCodeSource;
  /** Default WHO route for products in this form. */
  readonly route: AdminRoute;
  /** Default strength denominator: liquids are per ml, inhalers per dose, creams per gram. */
  readonly per?: StrengthPer;
  /** Default pack unit (7452). */
  readonly packUnit: PackUnit;
}

/**
 * Dosage forms (Volven 7448). Codes marked `fest` were verified against real FEST records: 53, 743 and
 * 842 in `../shared/fixtures/fest/`, the rest in public code that reads FEST files (an icon register keyed
 * on `LegemiddelformKort` codes, and FEST 2024 parser tests). The others are local codes (9001+).
 */
export const DOSAGE_FORMS = {
  tab: { code: '53', name: 'Tablett', nameEnglish: 'Tablet', abbreviation: 'tab', source: 'fest', route: 'O', packUnit: 'stk' },
  depottab: { code: '25', name: 'Depottablett', nameEnglish: 'Prolonged-release tablet', abbreviation: 'depottab', source: 'fest', route: 'O', packUnit: 'stk' },
  smeltetab: { code: '48', name: 'Smeltetablett', nameEnglish: 'Orodispersible tablet', abbreviation: 'smeltetab', source: 'fest', route: 'O', packUnit: 'stk' },
  disptab: { code: '5', name: 'Dispergerbar tablett', nameEnglish: 'Dispersible tablet', abbreviation: 'disp tab', source: 'fest', route: 'O', packUnit: 'stk' },
  tyggetab: { code: '524', name: 'Tyggetablett/dispergerbar tablett', nameEnglish: 'Chewable/dispersible tablet', abbreviation: 'tyggetab', source: 'fest', route: 'O', packUnit: 'stk' },
  kapsel: { code: '32', name: 'Kapsel', nameEnglish: 'Capsule', abbreviation: 'kaps', source: 'fest', route: 'O', packUnit: 'stk' },
  kaps: { code: '891', name: 'Kapsel, hard', nameEnglish: 'Capsule, hard', abbreviation: 'kaps, hard', source: 'fest', route: 'O', packUnit: 'stk' },
  depotkaps: { code: '743', name: 'Depotkapsel, hard', nameEnglish: 'Prolonged-release capsule, hard', abbreviation: 'depotkaps, hard', source: 'fest', route: 'O', packUnit: 'stk' },
  enterokaps: { code: '769', name: 'Enterokapsel, hard', nameEnglish: 'Gastro-resistant capsule, hard', abbreviation: 'enterokaps, hard', source: 'fest', route: 'O', packUnit: 'stk' },
  mikstOppl: { code: '842', name: 'Mikstur, oppløsning', nameEnglish: 'Oral solution', abbreviation: 'mikst oppl', source: 'fest', route: 'O', per: 'ml', packUnit: 'ml' },
  mikstSusp: { code: '840', name: 'Mikstur, suspensjon', nameEnglish: 'Oral suspension', abbreviation: 'mikst susp', source: 'fest', route: 'O', per: 'ml', packUnit: 'ml' },
  konsMikst: { code: '171', name: 'Konsentrat til mikstur', nameEnglish: 'Concentrate for oral solution', abbreviation: 'kons til mikst', source: 'fest', route: 'O', per: 'ml', packUnit: 'ml' },
  draper: { code: '748', name: 'Dråper, oppløsning', nameEnglish: 'Oral drops, solution', abbreviation: 'dråper oppl', source: 'fest', route: 'O', per: 'ml', packUnit: 'ml' },
  injOppl: { code: '816', name: 'Injeksjonsvæske, oppløsning', nameEnglish: 'Solution for injection', abbreviation: 'inj oppl', source: 'fest', route: 'P', per: 'ml', packUnit: 'ml' },
  injInf: { code: '880', name: 'Injeksjons-/infusjonsvæske, oppløsning', nameEnglish: 'Solution for injection/infusion', abbreviation: 'inj/inf oppl', source: 'fest', route: 'P', per: 'ml', packUnit: 'ml' },
  pulvInj: { code: '789', name: 'Pulver til injeksjonsvæske, oppløsning', nameEnglish: 'Powder for solution for injection', abbreviation: 'pulv til inj oppl', source: 'fest', route: 'P', packUnit: 'stk' },
  depotinj: { code: '913', name: 'Depotinjeksjonsvæske, suspensjon', nameEnglish: 'Prolonged-release suspension for injection', abbreviation: 'depotinj susp', source: 'fest', route: 'P', per: 'ml', packUnit: 'ml' },
  enterotab: { code: '9001', name: 'Enterotablett', nameEnglish: 'Gastro-resistant tablet', abbreviation: 'enterotab', source: 'local', route: 'O', packUnit: 'stk' },
  brusetab: { code: '9002', name: 'Brusetablett', nameEnglish: 'Effervescent tablet', abbreviation: 'brusetab', source: 'local', route: 'O', packUnit: 'stk' },
  sublingvaltab: { code: '9003', name: 'Sublingvaltablett', nameEnglish: 'Sublingual tablet', abbreviation: 'sublingvaltab', source: 'local', route: 'SL', packUnit: 'stk' },
  kapsMyk: { code: '9004', name: 'Kapsel, myk', nameEnglish: 'Capsule, soft', abbreviation: 'kaps, myk', source: 'local', route: 'O', packUnit: 'stk' },
  stikkpille: { code: '9005', name: 'Stikkpille', nameEnglish: 'Suppository', abbreviation: 'stikkpille', source: 'local', route: 'R', packUnit: 'stk' },
  rektalvaeske: { code: '9006', name: 'Rektalvæske, oppløsning', nameEnglish: 'Rectal solution', abbreviation: 'rektalvæske, oppl', source: 'local', route: 'R', packUnit: 'stk' },
  krem: { code: '9007', name: 'Krem', nameEnglish: 'Cream', abbreviation: 'krem', source: 'local', route: 'Topical', per: 'g', packUnit: 'g' },
  salve: { code: '9008', name: 'Salve', nameEnglish: 'Ointment', abbreviation: 'salve', source: 'local', route: 'Topical', per: 'g', packUnit: 'g' },
  gel: { code: '9009', name: 'Gel', nameEnglish: 'Gel', abbreviation: 'gel', source: 'local', route: 'Topical', per: 'g', packUnit: 'g' },
  kutanOppl: { code: '9010', name: 'Kutan oppløsning', nameEnglish: 'Cutaneous solution', abbreviation: 'kutan oppl', source: 'local', route: 'Topical', per: 'ml', packUnit: 'ml' },
  gelDosepose: { code: '9011', name: 'Gel i dosepose', nameEnglish: 'Gel in sachet', abbreviation: 'gel i dosepose', source: 'local', route: 'TD', packUnit: 'stk' },
  depotplaster: { code: '9012', name: 'Depotplaster', nameEnglish: 'Transdermal patch', abbreviation: 'depotplaster', source: 'local', route: 'TD', per: 'h', packUnit: 'stk' },
  inhAerosol: { code: '9013', name: 'Inhalasjonsaerosol', nameEnglish: 'Pressurised inhalation', abbreviation: 'inh.aerosol', source: 'local', route: 'Inhal.aerosol', per: 'dose', packUnit: 'dose' },
  inhPulver: { code: '9014', name: 'Inhalasjonspulver', nameEnglish: 'Inhalation powder', abbreviation: 'inh.pulv', source: 'local', route: 'Inhal.powder', per: 'dose', packUnit: 'dose' },
  inhPulverKaps: { code: '9015', name: 'Inhalasjonspulver, hard kapsel', nameEnglish: 'Inhalation powder, hard capsule', abbreviation: 'inh.pulv, hard kaps', source: 'local', route: 'Inhal.powder', packUnit: 'stk' },
  inhNeb: { code: '9016', name: 'Inhalasjonsvæske til nebulisator, oppløsning', nameEnglish: 'Nebuliser solution', abbreviation: 'inh.væske til nebulisator, oppl', source: 'local', route: 'Inhal.solution', per: 'ml', packUnit: 'ml' },
  inhOppl: { code: '9017', name: 'Inhalasjonsvæske, oppløsning', nameEnglish: 'Inhalation solution', abbreviation: 'inh.væske, oppl', source: 'local', route: 'Inhal.solution', per: 'dose', packUnit: 'dose' },
  nesespray: { code: '9018', name: 'Nesespray', nameEnglish: 'Nasal spray', abbreviation: 'nesespray', source: 'local', route: 'N', per: 'dose', packUnit: 'dose' },
  oyedraper: { code: '9019', name: 'Øyedråper, oppløsning', nameEnglish: 'Eye drops, solution', abbreviation: 'øyedr, oppl', source: 'local', route: 'Ophthalmic', per: 'ml', packUnit: 'ml' },
  oyesalve: { code: '9020', name: 'Øyesalve', nameEnglish: 'Eye ointment', abbreviation: 'øyesalve', source: 'local', route: 'Ophthalmic', per: 'g', packUnit: 'g' },
  oredraper: { code: '9021', name: 'Øredråper, suspensjon', nameEnglish: 'Ear drops, suspension', abbreviation: 'øredr, susp', source: 'local', route: 'Otic', per: 'ml', packUnit: 'ml' },
  vaginaltab: { code: '9022', name: 'Vaginaltablett', nameEnglish: 'Vaginal tablet', abbreviation: 'vaginaltab', source: 'local', route: 'V', packUnit: 'stk' },
  vagitorie: { code: '9023', name: 'Vagitorie', nameEnglish: 'Pessary', abbreviation: 'vagitorie', source: 'local', route: 'V', packUnit: 'stk' },
  vaginalgel: { code: '9024', name: 'Vaginalgel', nameEnglish: 'Vaginal gel', abbreviation: 'vaginalgel', source: 'local', route: 'V', per: 'g', packUnit: 'g' },
  vaginalinnlegg: { code: '9025', name: 'Vaginalinnlegg', nameEnglish: 'Vaginal delivery system', abbreviation: 'vaginalinnlegg', source: 'local', route: 'V', packUnit: 'stk' },
  intrauterint: { code: '9026', name: 'Intrauterint innlegg', nameEnglish: 'Intrauterine delivery system', abbreviation: 'intrauterint innlegg', source: 'local', route: 'Intrauterine', packUnit: 'stk' },
  implantat: { code: '9027', name: 'Implantat', nameEnglish: 'Implant', abbreviation: 'implantat', source: 'local', route: 'Implant', packUnit: 'stk' },
  granulat: { code: '9028', name: 'Granulat', nameEnglish: 'Granules', abbreviation: 'granulat', source: 'local', route: 'O', per: 'g', packUnit: 'g' },
  pulvMikst: { code: '9029', name: 'Pulver til mikstur, oppløsning', nameEnglish: 'Powder for oral solution', abbreviation: 'pulv til mikst, oppl', source: 'local', route: 'O', packUnit: 'stk' },
  granMikstSusp: { code: '9030', name: 'Granulat til mikstur, suspensjon', nameEnglish: 'Granules for oral suspension', abbreviation: 'gran til mikst, susp', source: 'local', route: 'O', per: 'ml', packUnit: 'ml' },
  munnhule: { code: '9031', name: 'Munnhulevæske, oppløsning', nameEnglish: 'Oromucosal solution', abbreviation: 'munnhulevæske, oppl', source: 'local', route: 'O', packUnit: 'stk' },
  injSusp: { code: '9032', name: 'Injeksjonsvæske, suspensjon', nameEnglish: 'Suspension for injection', abbreviation: 'inj susp', source: 'local', route: 'P', per: 'ml', packUnit: 'ml' },
  konsInf: { code: '9033', name: 'Konsentrat til infusjonsvæske, oppløsning', nameEnglish: 'Concentrate for solution for infusion', abbreviation: 'kons til inf oppl', source: 'local', route: 'P', per: 'ml', packUnit: 'ml' },
  frysetorketTab: { code: '9034', name: 'Frysetørket tablett', nameEnglish: 'Oral lyophilisate', abbreviation: 'frysetørket tab', source: 'local', route: 'O', packUnit: 'stk' },
} as const satisfies Record<string, DosageForm>;

export type DosageFormKey = keyof typeof DOSAGE_FORMS;

// ---------------------------------------------------------------- usage hints

export type UsagePattern = 'chronic' | 'acute' | 'seasonal' | 'asNeeded';

/** Age profile of users: the typical age span and the age where use peaks (the simulator shapes a curve on it). */
export type AgeProfile = 'children' | 'youngAdults' | 'fertileWomen' | 'adults' | 'olderAdults' | 'elderly' | 'all';

export const AGE_PROFILES: Readonly<Record<AgeProfile, { readonly min: number; readonly peak: number; readonly max: number }>> = {
  children: { min: 0, peak: 3, max: 17 },
  youngAdults: { min: 12, peak: 22, max: 50 },
  fertileWomen: { min: 14, peak: 27, max: 52 },
  adults: { min: 16, peak: 48, max: 90 },
  olderAdults: { min: 35, peak: 70, max: 100 },
  elderly: { min: 60, peak: 85, max: 105 },
  all: { min: 0, peak: 45, max: 100 },
};

export type Species = 'dog' | 'cat' | 'horse' | 'other';

/** Typical blue-prescription (reimbursed) use: share of dispensings and the codes given. */
export interface Reimbursement {
  /** Share of dispensings that are reimbursed (blue prescription), 0–1. */
  readonly share: number;
  /** ICPC-2 codes (Volven 7170) typical for the indication. */
  readonly icpc2: readonly string[];
  /** ICD-10 codes (Volven 7110) typical for the indication. */
  readonly icd10: readonly string[];
  /** Reimbursement points, e.g. `-90` (palliative care in the last phase of life). */
  readonly points?: readonly string[];
}

export interface UsageHint {
  readonly pattern: UsagePattern;
  /** Share of the whole population with at least one dispensing a year (0–1), roughly as in Norway. */
  readonly prevalence: number;
  readonly age: AgeProfile;
  /** Share of users who are women (0–1). */
  readonly femaleShare: number;
  /** Mean number of packs per dispensing. */
  readonly packsPerDispensing: number;
  /** Months (1–12) with most dispensings, for seasonal substances. */
  readonly peakMonths?: readonly number[];
  /** Set when the (human) substance is also commonly dispensed for animals. */
  readonly animal?: { readonly share: number; readonly species: readonly Species[] };
  /** Typical reimbursement; absent when the substance is almost always on a white prescription. */
  readonly reimbursement?: Reimbursement;
}

// ---------------------------------------------------------------- products

/** A pack size: `count` × `size` of `unit` (FEST `Antall`, `Mengde`, `EnhetPakning`). */
export interface PackSize {
  readonly count: number;
  readonly size: number;
  readonly unit: PackUnit;
}

/** A product line: brands sharing form, strengths, pack sizes and a price range. */
export interface Presentation {
  /** Trade names (`Varenavn`); `~X` is expanded to `<English substance name> X`, e.g. `Zopiclone Orifarm`. */
  readonly brands: readonly string[];
  readonly form: DosageFormKey;
  readonly route: AdminRoute;
  readonly unit: StrengthUnit;
  readonly per?: StrengthPer;
  /** Strengths, one number per component substance (combination products have several). */
  readonly strengths: readonly (readonly number[])[];
  readonly packs: readonly PackSize[];
  /** AUP in NOK for the smallest and the largest pack of the first strength. */
  readonly aup: readonly [number, number];
  /** Packs holding at most this many units are over the counter (reseptgruppe F). */
  readonly otcMax?: number;
  /** Overrides the substance's reseptgruppe for this line. */
  readonly rx?: Reseptgruppe;
  /** Hours one patch is worn (patches only), to turn a rate into an amount. */
  readonly wearHours?: number;
}

/** A component of a combination product (the first one carries the DDD). */
export interface Component {
  readonly name: string;
  readonly nameNo: string;
}

export interface Substance {
  /** WHO ATC level-5 code. */
  readonly atc: string;
  /** English name as in the WHO index (INN). */
  readonly name: string;
  /** Norwegian (bokmål) name, as FEST and Volven 7180 write it. */
  readonly nameNo: string;
  /** WHO DDDs by route; empty when WHO assigns none. */
  readonly ddd: readonly Ddd[];
  /** Why a DDD is missing, or why a value is less certain. */
  readonly dddNote?: string;
  /** The active substances, for combination products; a single substance when absent. */
  readonly components?: readonly Component[];
  readonly rx: Reseptgruppe;
  readonly usage: UsageHint;
  readonly products: readonly Presentation[];
}

/** An ATC group above level 5. */
export interface AtcGroup {
  readonly code: string;
  readonly nameNo: string;
  readonly name: string;
}

// ---------------------------------------------------------------- constructors (data notation)

export function ddd(value: number, unit: DddUnit, route: AdminRoute): Ddd {
  return { value, unit, route };
}

/** Tablets, capsules, vials, patches: `count` pieces (large jars are written `1 x N`). */
export function stk(...counts: number[]): PackSize[] {
  return counts.map((n) => (n >= 250 ? { count: 1, size: n, unit: 'stk' } : { count: n, size: 1, unit: 'stk' }));
}

/** `count` containers of `size` ml (e.g. `ml(3, 5)` is five 3 ml pens). */
export function ml(size: number, count = 1): PackSize {
  return { count, size, unit: 'ml' };
}

export function g(size: number, count = 1): PackSize {
  return { count, size, unit: 'g' };
}

export function dose(size: number, count = 1): PackSize {
  return { count, size, unit: 'dose' };
}

export interface PresentationOptions {
  readonly route?: AdminRoute;
  readonly per?: StrengthPer | null;
  readonly otcMax?: number;
  readonly rx?: Reseptgruppe;
  readonly wearHours?: number;
}

/** A product line; the form supplies the default route and strength denominator. */
export function pr(
  brands: string | readonly string[],
  form: DosageFormKey,
  strengths: number | readonly (number | readonly number[])[],
  unit: StrengthUnit,
  packs: readonly PackSize[],
  aup: readonly [number, number],
  options: PresentationOptions = {},
): Presentation {
  const f: DosageForm = DOSAGE_FORMS[form];
  const list = typeof strengths === 'number' ? [strengths] : strengths;
  const per = options.per === null ? undefined : (options.per ?? f.per);
  return {
    brands: typeof brands === 'string' ? [brands] : brands,
    form,
    route: options.route ?? f.route,
    unit,
    ...(per !== undefined ? { per } : {}),
    strengths: list.map((s) => (typeof s === 'number' ? [s] : s)),
    packs,
    aup,
    ...(options.otcMax !== undefined ? { otcMax: options.otcMax } : {}),
    ...(options.rx !== undefined ? { rx: options.rx } : {}),
    ...(options.wearHours !== undefined ? { wearHours: options.wearHours } : {}),
  };
}

export interface UsageOptions {
  readonly peakMonths?: readonly number[];
  readonly animal?: { readonly share: number; readonly species: readonly Species[] };
  readonly blue?: Reimbursement;
}

/** A usage hint; `prevalencePercent` is the share of the population with ≥1 dispensing a year, in percent. */
export function use(
  pattern: UsagePattern,
  prevalencePercent: number,
  age: AgeProfile,
  femaleShare: number,
  packsPerDispensing: number,
  options: UsageOptions = {},
): UsageHint {
  return {
    pattern,
    prevalence: prevalencePercent / 100,
    age,
    femaleShare,
    packsPerDispensing,
    ...(options.peakMonths ? { peakMonths: options.peakMonths } : {}),
    ...(options.animal ? { animal: options.animal } : {}),
    ...(options.blue ? { reimbursement: options.blue } : {}),
  };
}

/** Blue-prescription reimbursement. */
export function blue(share: number, icpc2: readonly string[], icd10: readonly string[], points?: readonly string[]): Reimbursement {
  return { share, icpc2, icd10, ...(points ? { points } : {}) };
}

export interface SubstanceOptions {
  readonly dddNote?: string;
  readonly components?: readonly Component[];
}

/** A level-5 substance. `ddds` is one DDD, a list by route, or null when WHO assigns none. */
export function sub(
  atc: string,
  name: string,
  nameNo: string,
  ddds: Ddd | readonly Ddd[] | null,
  rx: Reseptgruppe,
  usage: UsageHint,
  products: readonly Presentation[],
  options: SubstanceOptions = {},
): Substance {
  const list: readonly Ddd[] = ddds === null ? [] : 'value' in ddds ? [ddds] : ddds;
  return {
    atc,
    name,
    nameNo,
    ddd: list,
    rx,
    usage,
    products,
    ...(options.dddNote !== undefined ? { dddNote: options.dddNote } : {}),
    ...(options.components ? { components: options.components } : {}),
  };
}

/** A component of a combination (English, Norwegian). */
export function comp(name: string, nameNo: string): Component {
  return { name, nameNo };
}

/** Common seasonal peaks. */
export const WINTER = [11, 12, 1, 2, 3] as const;
export const POLLEN = [4, 5, 6, 7] as const;
export const AUTUMN = [9, 10, 11] as const;
