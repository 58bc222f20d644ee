import { syntheticHpr } from '../../identity/index.js';
import { placeName } from '../geography/geography.js';
import { readLines } from '../../shared/lines.js';
import type { Rng } from '../../shared/random.js';
import { DAYS_PER_YEAR, isoOfDay, toDay, yearOfDay } from './dates.js';
import { DEATHS, GP_SCHEME } from './demography.js';
import { LineWriter } from './line-writer.js';
import { OrgnrSequence, nthName, placesOf } from './organisations.js';
import { pickIndex, type World } from './world.js';

type Group = 'GP' | 'LE' | 'TL' | 'SP' | 'JO' | 'VE' | 'FB' | 'OP';

/**
 * Who prescribes, as data: shares of all prescribers by HPR profession (list 9060), with sex,
 * age and specialty mixes. Doctors (LE) are 55 %, GPs included; nurses (SP) appear with the
 * public-health nurse specialty (helsesykepleier), which carries the right to prescribe
 * contraceptives; fish-health biologists (FB) and optometrists (OP) have limited prescribing rights.
 */
export const PRESCRIBER_RULES = {
  inhabitantsPerPrescriber: 200,
  /** GPs are at least this share of prescribers (small nations still get one GP per municipality). */
  gpShare: 0.18,
  doctorShare: 0.55,
  others: [
    { group: 'TL', share: 0.14 },
    { group: 'SP', share: 0.2 },
    { group: 'JO', share: 0.05 },
    { group: 'VE', share: 0.04 },
    { group: 'FB', share: 0.01 },
    { group: 'OP', share: 0.01 },
  ] as readonly { group: Exclude<Group, 'GP' | 'LE'>; share: number }[],
  /** GPs per practice (legesenter). */
  practiceSize: 4,
  /** Share of GPs holding a list since the scheme began, among those authorised by then. */
  originalListHolders: 0.6,
} as const;

const GROUPS: Readonly<Record<Group, {
  profession: string;
  femaleShare: number;
  minAge: number;
  maxAge: number;
  specialties: readonly (readonly [readonly string[], number])[];
  patterns: readonly string[];
  perWorkplace: number;
  /** Share working at a hospital (named by the hospital table). */
  hospital: number;
  placement: 'population' | 'rural' | 'coastal';
}>> = {
  GP: {
    profession: 'LE', femaleShare: 0.47, minAge: 30, maxAge: 70,
    specialties: [[['Allmennmedisin'], 70], [[], 30]],
    patterns: ['{p} legesenter', '{p} legekontor', 'Legegruppen {p}', '{p} medisinske senter', 'Legene {p}', 'Fastlegene i {p}', '{p} helsehus'],
    perWorkplace: PRESCRIBER_RULES.practiceSize, hospital: 0, placement: 'population',
  },
  LE: {
    profession: 'LE', femaleShare: 0.52, minAge: 27, maxAge: 70,
    specialties: [
      [['Indremedisin'], 8], [['Indremedisin', 'Hjertesykdommer'], 4], [['Indremedisin', 'Lungesykdommer'], 2],
      [['Indremedisin', 'Fordøyelsessykdommer'], 2], [['Indremedisin', 'Endokrinologi'], 1.5], [['Indremedisin', 'Infeksjonssykdommer'], 1.5],
      [['Indremedisin', 'Nyresykdommer'], 1], [['Indremedisin', 'Geriatri'], 1], [['Psykiatri'], 8], [['Barne- og ungdomspsykiatri'], 3],
      [['Barnesykdommer'], 4], [['Anestesiologi'], 7], [['Generell kirurgi'], 4], [['Ortopedisk kirurgi'], 5],
      [['Fødselshjelp og kvinnesykdommer'], 4], [['Nevrologi'], 3], [['Onkologi'], 2.5], [['Revmatologi'], 1.5],
      [['Hud- og veneriske sykdommer'], 1.5], [['Øre-nese-halssykdommer'], 2], [['Øyesykdommer'], 2], [['Radiologi'], 5],
      [['Urologi'], 1.5], [['Rus- og avhengighetsmedisin'], 1], [['Samfunnsmedisin'], 1.5], [['Arbeidsmedisin'], 1], [[], 20],
    ],
    patterns: ['{p} spesialistsenter', '{p} legespesialister', '{p} DPS', 'Bedriftshelsetjenesten {p}', '{p} legevakt'],
    perWorkplace: 4, hospital: 0.65, placement: 'population',
  },
  TL: {
    profession: 'TL', femaleShare: 0.57, minAge: 25, maxAge: 70,
    specialties: [[[], 85], [['Kjeveortopedi'], 6], [['Oral kirurgi og oral medisin'], 3], [['Periodonti'], 2], [['Endodonti'], 1.5], [['Pedodonti'], 1], [['Oral protetikk'], 1.5]],
    patterns: ['{p} tannlegesenter', 'Tannlegene i {p}', '{p} tannklinikk', 'Den offentlige tannhelsetjenesten {p}'],
    perWorkplace: 3, hospital: 0, placement: 'population',
  },
  SP: {
    profession: 'SP', femaleShare: 0.89, minAge: 24, maxAge: 67,
    specialties: [[['Helsesykepleier'], 55], [[], 45]],
    patterns: ['{p} helsestasjon', '{p} sykehjem', 'Hjemmesykepleien {p}', '{p} helsesenter'],
    perWorkplace: 5, hospital: 0.3, placement: 'population',
  },
  JO: {
    profession: 'JO', femaleShare: 0.99, minAge: 27, maxAge: 67,
    specialties: [[[], 1]],
    patterns: ['{p} helsestasjon', 'Jordmortjenesten {p}'],
    perWorkplace: 3, hospital: 0.4, placement: 'population',
  },
  VE: {
    profession: 'VE', femaleShare: 0.7, minAge: 26, maxAge: 70,
    specialties: [[[], 88], [['Smådyrmedisin'], 5], [['Storfehelse'], 2], [['Svinehelse'], 1], [['Hestemedisin'], 2], [['Fiskehelse'], 2]],
    patterns: ['{p} dyreklinikk', '{p} dyrehospital', 'Veterinærkontoret {p}', '{p} veterinærsenter'],
    perWorkplace: 3, hospital: 0, placement: 'rural',
  },
  FB: {
    profession: 'FB', femaleShare: 0.5, minAge: 26, maxAge: 67,
    specialties: [[[], 1]],
    patterns: ['{p} fiskehelse', 'Fiskehelsetjenesten {p}', 'Havbrukshelse {p}'],
    perWorkplace: 3, hospital: 0, placement: 'coastal',
  },
  OP: {
    profession: 'OP', femaleShare: 0.6, minAge: 25, maxAge: 67,
    specialties: [[[], 1]],
    patterns: ['{p} optikk', 'Optiker {p}', 'Brillehuset {p}'],
    perWorkplace: 2, hospital: 0, placement: 'population',
  },
};

/** Hospitals by municipality (2024 code), where hospital staff work. */
export const HOSPITALS: readonly { municipality: string; name: string }[] = [
  { municipality: '0301', name: 'Oslo universitetssykehus' },
  { municipality: '0301', name: 'Lovisenberg Diakonale Sykehus' },
  { municipality: '0301', name: 'Diakonhjemmet Sykehus' },
  { municipality: '4601', name: 'Haukeland universitetssjukehus' },
  { municipality: '4601', name: 'Haraldsplass Diakonale Sykehus' },
  { municipality: '5001', name: 'St. Olavs hospital' },
  { municipality: '1103', name: 'Stavanger universitetssjukehus' },
  { municipality: '5501', name: 'Universitetssykehuset Nord-Norge Tromsø' },
  { municipality: '3222', name: 'Akershus universitetssykehus' },
  { municipality: '3201', name: 'Bærum sykehus' },
  { municipality: '3301', name: 'Drammen sykehus' },
  { municipality: '3303', name: 'Kongsberg sykehus' },
  { municipality: '3305', name: 'Ringerike sykehus' },
  { municipality: '4204', name: 'Sørlandet sykehus Kristiansand' },
  { municipality: '4203', name: 'Sørlandet sykehus Arendal' },
  { municipality: '4207', name: 'Sørlandet sykehus Flekkefjord' },
  { municipality: '3105', name: 'Sykehuset Østfold Kalnes' },
  { municipality: '3905', name: 'Sykehuset i Vestfold' },
  { municipality: '4003', name: 'Sykehuset Telemark' },
  { municipality: '3403', name: 'Sykehuset Innlandet Hamar' },
  { municipality: '3405', name: 'Sykehuset Innlandet Lillehammer' },
  { municipality: '3407', name: 'Sykehuset Innlandet Gjøvik' },
  { municipality: '3420', name: 'Sykehuset Innlandet Elverum' },
  { municipality: '3401', name: 'Sykehuset Innlandet Kongsvinger' },
  { municipality: '1508', name: 'Ålesund sjukehus' },
  { municipality: '1506', name: 'Molde sjukehus' },
  { municipality: '1505', name: 'Kristiansund sykehus' },
  { municipality: '1520', name: 'Volda sjukehus' },
  { municipality: '1106', name: 'Haugesund sjukehus' },
  { municipality: '4614', name: 'Stord sjukehus' },
  { municipality: '4621', name: 'Voss sjukehus' },
  { municipality: '4647', name: 'Førde sentralsjukehus' },
  { municipality: '1804', name: 'Nordlandssykehuset Bodø' },
  { municipality: '1860', name: 'Nordlandssykehuset Lofoten' },
  { municipality: '1833', name: 'Helgelandssykehuset Mo i Rana' },
  { municipality: '1824', name: 'Helgelandssykehuset Mosjøen' },
  { municipality: '5037', name: 'Sykehuset Levanger' },
  { municipality: '5007', name: 'Sykehuset Namsos' },
  { municipality: '1806', name: 'Universitetssykehuset Nord-Norge Narvik' },
  { municipality: '5503', name: 'Universitetssykehuset Nord-Norge Harstad' },
  { municipality: '5603', name: 'Hammerfest sykehus' },
  { municipality: '5605', name: 'Kirkenes sykehus' },
];

/** Counties with a coastline long enough for fish farming (fish-health services). */
const COASTAL_COUNTIES = new Set(['11', '15', '18', '46', '50', '55', '56']);

export interface Prescriber {
  ordinal: number;
  hpr: string;
  birthYear: number;
  sex: 'male' | 'female';
  profession: string;
  specialties: readonly string[];
  authorisedFrom: string;
  workplace: { orgnr: string; name: string; municipality: string };
  isGp: boolean;
}

export interface PrescriberPlan {
  prescribers: readonly Prescriber[];
  /** For each current municipality (by index in the world), its GPs' ordinals. */
  gpsByMunicipality: readonly Int32Array[];
  /** By ordinal: the first day a GP holds a list (GPs only; 0 otherwise). */
  listFromDay: Int32Array;
  gps: number;
}

function cumulativeOf(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) out[i] = sum += weights[i]!;
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / sum;
  return out;
}

function weightedPick<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let r = rng.next() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

/** How many GPs each municipality gets: one per ~1,100 expected living residents, at least one. */
export function gpCounts(w: World, persons: number): number[] {
  const living = persons * (1 - DEATHS.share);
  return w.municipalities.map((m) => Math.max(1, Math.round((living * m.population) / w.totalPopulation / GP_SCHEME.patientsPerGp)));
}

/**
 * Plans the health-personnel register: about one prescriber per 200 inhabitants, GPs spread over
 * municipalities by population, practices of four GPs, workplaces with organisation numbers.
 */
export function planPrescribers(rng: Rng, w: World, persons: number, asOfDay: number): PrescriberPlan {
  const perMunicipality = gpCounts(w, persons);
  const gps = perMunicipality.reduce((s, n) => s + n, 0);
  const total = Math.max(Math.round(persons / PRESCRIBER_RULES.inhabitantsPerPrescriber), Math.ceil(gps / PRESCRIBER_RULES.gpShare));
  const groups: Group[] = [];
  for (let i = 0; i < gps; i++) groups.push('GP');
  for (let i = gps; i < Math.round(total * PRESCRIBER_RULES.doctorShare); i++) groups.push('LE');
  for (const o of PRESCRIBER_RULES.others) for (let i = Math.round(total * o.share); i > 0; i--) groups.push(o.group);
  // Shuffle, so GPs and others interleave in the register.
  for (let i = groups.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [groups[i], groups[j]] = [groups[j]!, groups[i]!];
  }
  // GP municipalities: each municipality as often as its GP count, shuffled.
  const gpMunicipality: number[] = [];
  perMunicipality.forEach((n, m) => {
    for (let k = 0; k < n; k++) gpMunicipality.push(m);
  });
  for (let i = gpMunicipality.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [gpMunicipality[i], gpMunicipality[j]] = [gpMunicipality[j]!, gpMunicipality[i]!];
  }

  const pops = w.municipalities.map((m) => m.population);
  const placement = {
    population: w.cumulative,
    rural: cumulativeOf(pops.map((p) => Math.pow(p, 0.6))),
    coastal: cumulativeOf(w.municipalities.map((m) => (COASTAL_COUNTIES.has(m.county) ? Math.pow(m.population, 0.6) : 0))),
  };
  const hospitalCumulative = cumulativeOf(HOSPITALS.map((h) => w.municipalities.find((m) => m.code === h.municipality)?.population ?? 1));
  const indexOf = new Map(w.municipalities.map((m, i) => [m.code, i]));

  const orgnrs = new Map<string, string>();
  const orgnrSequence = new OrgnrSequence(92_000_000);
  const orgnrOf = (municipality: string, name: string): string => {
    const key = `${municipality}|${name}`;
    let o = orgnrs.get(key);
    if (o === undefined) {
      o = orgnrSequence.next();
      orgnrs.set(key, o);
    }
    return o;
  };
  const seats = new Map<string, number>();

  const fastlege = toDay(GP_SCHEME.start);
  const listFromDay = new Int32Array(groups.length);
  const gpLists: number[][] = w.municipalities.map(() => []);
  const prescribers: Prescriber[] = [];
  let nextGp = 0;
  groups.forEach((group, ordinal) => {
    const spec = GROUPS[group];
    const sex = rng.next() < spec.femaleShare ? 'female' : 'male';
    const age = spec.minAge + Math.floor(rng.next() * (spec.maxAge - spec.minAge + 1));
    const birthDay = asOfDay - Math.floor((age + rng.next()) * DAYS_PER_YEAR);
    const authorised = Math.min(asOfDay - 30, birthDay + Math.floor((24 + rng.next() * 4) * DAYS_PER_YEAR));
    const specialties = weightedPick(rng, spec.specialties);
    let m: number;
    let workplace: string;
    if (group === 'GP') {
      m = gpMunicipality[nextGp++]!;
      const list = gpLists[m]!;
      const k = Math.floor(list.length / spec.perWorkplace);
      list.push(ordinal);
      const mu = w.municipalities[m]!;
      workplace = nthName(k, placesOf(mu.code, placeName(mu)), spec.patterns);
      let from: number;
      if (authorised <= fastlege - 365 && rng.next() < PRESCRIBER_RULES.originalListHolders) from = fastlege;
      else from = Math.max(fastlege, authorised + 365 + Math.floor(rng.next() * 5 * 365));
      if (from > asOfDay - 60) from = asOfDay - 60 - Math.floor(rng.next() * 300);
      listFromDay[ordinal] = Math.max(from, authorised);
    } else if (rng.next() < spec.hospital) {
      const h = HOSPITALS[pickIndex(hospitalCumulative, rng.next())]!;
      m = indexOf.get(h.municipality)!;
      workplace = h.name;
    } else {
      m = pickIndex(placement[spec.placement], rng.next());
      const mu = w.municipalities[m]!;
      const key = `${group}|${mu.code}`;
      const seat = seats.get(key) ?? 0;
      seats.set(key, seat + 1);
      workplace = nthName(Math.floor(seat / spec.perWorkplace), placesOf(mu.code, placeName(mu)), spec.patterns);
    }
    const municipality = w.municipalities[m]!.code;
    prescribers.push({
      ordinal,
      hpr: syntheticHpr(ordinal),
      birthYear: yearOfDay(birthDay),
      sex,
      profession: spec.profession,
      specialties,
      authorisedFrom: isoOfDay(authorised),
      workplace: { orgnr: orgnrOf(municipality, workplace), name: workplace, municipality },
      isGp: group === 'GP',
    });
  });
  return { prescribers, gpsByMunicipality: gpLists.map((l) => Int32Array.from(l)), listFromDay, gps };
}

/** The line of a prescriber without its closing brace. */
function prescriberHead(p: Prescriber): string {
  return (
    `{"hpr":"${p.hpr}","birthYear":${p.birthYear},"sex":"${p.sex}","profession":"${p.profession}",` +
    `"specialties":${JSON.stringify(p.specialties)},"authorisedFrom":"${p.authorisedFrom}",` +
    `"workplace":{"orgnr":"${p.workplace.orgnr}","name":${JSON.stringify(p.workplace.name)},"municipality":"${p.workplace.municipality}"}`
  );
}

/**
 * Writes `prescribers.ndjson` in ordinal order, merging each GP's list from `sortedGpRows`: CSV rows
 * `gp,patient,from,to` sorted by gp ordinal, then from, patient, to (streamed, never held whole).
 */
export async function writePrescribers(path: string, plan: PrescriberPlan, sortedGpRows: string | null): Promise<void> {
  const out = new LineWriter(path);
  const rows = sortedGpRows === null ? undefined : readLines(sortedGpRows);
  let pending: { gp: number; entry: string } | undefined;
  const nextRow = async (): Promise<{ gp: number; entry: string } | undefined> => {
    if (!rows) return undefined;
    for (;;) {
      const r = await rows.next();
      if (r.done) return undefined;
      const line = r.value.line;
      if (line === '') continue;
      const [gp = '', patient = '', from = '', to = ''] = line.split(',');
      return { gp: Number(gp), entry: `{"patient":"${patient}","from":"${from}","to":${to === '' ? 'null' : `"${to}"`}}` };
    }
  };
  try {
    pending = await nextRow();
    for (const p of plan.prescribers) {
      let line = prescriberHead(p);
      if (p.isGp) {
        const entries: string[] = [];
        while (pending && pending.gp === p.ordinal) {
          entries.push(pending.entry);
          pending = await nextRow();
        }
        line += `,"gpList":[${entries.join(',')}]`;
      }
      if (pending && pending.gp < p.ordinal) throw new Error(`GP list rows out of order at GP ${pending.gp}`);
      if (out.add(line + '}\n')) await out.flush();
    }
    if (pending) throw new Error(`GP list rows for an unknown GP ${pending.gp}`);
    await out.close();
  } catch (err) {
    out.destroy();
    throw err;
  } finally {
    await rows?.return(undefined);
  }
}
