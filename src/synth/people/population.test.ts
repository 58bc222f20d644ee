import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHpr, checkIdentityNumber } from '../../identity/index.js';
import { municipality } from '../geography/geography.js';
import { writeGeneralCodeLists, writePeople, type PeopleSummary } from './index.js';
import { isValidOrgnr } from './organisations.js';
import { PHARMACY_CHAINS, pharmacyCount, writePharmacies } from './pharmacies.js';
import { createRng } from '../../shared/random.js';
import { world } from './world.js';
import { toDay } from './dates.js';

interface Period { municipality: string; from: string; to: string | null }
interface Person {
  identities: { number: string; kind: 'fnr' | 'dnumber'; from: string; to: string | null }[];
  birthDate: string;
  sex: 'male' | 'female';
  deathDate: string | null;
  residence: Period[];
}
interface Prescriber {
  hpr: string;
  birthYear: number;
  sex: string;
  profession: string;
  specialties: string[];
  authorisedFrom: string;
  workplace: { orgnr: string; name: string; municipality: string };
  gpList?: { patient: string; from: string; to: string | null }[];
}
interface Pharmacy { konsesjonsnr: string; orgnr: string; name: string; chain: string | null; municipality: string; opened: string; closed: string | null }
interface Concept { code: string; display: string; property?: { code: string; valueDate?: string | null; valueString?: string }[] }

const N = 20_000;
const AS_OF = '2025-01-01';
let dir: string;
let summary: PeopleSummary;
let people: Person[];
let prescribers: Prescriber[];
let pharmacies: Pharmacy[];
const municipalities = new Map<string, { from: string | null; to: string | null; replacedBy: string[] }>();

const readNdjson = async <T>(path: string): Promise<T[]> =>
  (await readFile(path, 'utf8')).split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T);
const dayAfter = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
const ageOn = (birth: string, date: string): number => {
  const age = Number(date.slice(0, 4)) - Number(birth.slice(0, 4));
  return date.slice(5) < birth.slice(5) ? age - 1 : age;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmr-people-'));
  summary = await writePeople({ persons: N, seed: 'test', outDir: dir, asOf: AS_OF });
  await writeGeneralCodeLists(join(dir, 'codelists'));
  people = await readNdjson<Person>(join(dir, 'population.ndjson'));
  prescribers = await readNdjson<Prescriber>(join(dir, 'prescribers.ndjson'));
  pharmacies = await readNdjson<Pharmacy>(join(dir, 'pharmacies.ndjson'));
  const list = JSON.parse(await readFile(join(dir, 'codelists', '3402.json'), 'utf8')) as { concept: Concept[] };
  for (const c of list.concept) {
    const prop = (code: string): { valueDate?: string | null; valueString?: string } | undefined => c.property?.find((p) => p.code === code);
    municipalities.set(c.code, {
      from: prop('effectiveFrom')?.valueDate ?? null,
      to: prop('effectiveTo')?.valueDate ?? null,
      replacedBy: prop('replacedBy')?.valueString?.split(',') ?? [],
    });
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writePeople', () => {
  it('writes exactly N persons and cleans up its temporary files', async () => {
    expect(people).toHaveLength(N);
    expect(summary.persons).toBe(N);
    expect(summary.prescribers).toBe(prescribers.length);
    expect(summary.pharmacies).toBe(pharmacies.length);
    expect(summary.gpListEntries).toBe(prescribers.reduce((s, p) => s + (p.gpList?.length ?? 0), 0));
    expect((await readdir(dir)).sort()).toEqual(['codelists', 'pharmacies.ndjson', 'population.ndjson', 'prescribers.ndjson']);
  });

  it('gives every person valid, synthetic, distinct identity numbers matching birth date and sex', () => {
    const seen = new Set<string>();
    let immigrants = 0;
    let onlyD = 0;
    for (const p of people) {
      expect(p.identities.length).toBeGreaterThan(0);
      p.identities.forEach((id, i) => {
        const c = checkIdentityNumber(id.number);
        expect(c.valid, id.number).toBe(true);
        expect(c.synthetic).toBe(true);
        expect(c.kind).toBe(id.kind);
        expect(c.birthDate).toBe(p.birthDate);
        expect(c.sex).toBe(p.sex);
        expect(seen.has(id.number)).toBe(false);
        seen.add(id.number);
        if (i > 0) expect(id.from).toBe(p.identities[i - 1]!.to);
      });
      expect(p.identities[p.identities.length - 1]!.to).toBeNull();
      if (p.identities[0]!.kind === 'dnumber') {
        immigrants++;
        if (p.identities.length === 1) onlyD++;
        else expect(p.identities[1]!.kind).toBe('fnr');
      } else {
        expect(p.identities).toHaveLength(1);
        expect(p.identities[0]!.from).toBe(p.birthDate);
      }
    }
    expect(immigrants / N).toBeGreaterThan(0.1);
    expect(immigrants / N).toBeLessThan(0.2);
    expect(onlyD).toBeGreaterThan(0);
    expect(onlyD / immigrants).toBeLessThan(0.15);
  });

  it('follows a realistic age pyramid, sex ratio and mortality', () => {
    const living = people.filter((p) => p.deathDate === null);
    const ages = living.map((p) => ageOn(p.birthDate, AS_OF));
    const under20 = ages.filter((a) => a < 20).length / ages.length;
    const over67 = ages.filter((a) => a >= 67).length / ages.length;
    expect(under20).toBeGreaterThan(0.2);
    expect(under20).toBeLessThan(0.26);
    expect(over67).toBeGreaterThan(0.14);
    expect(over67).toBeLessThan(0.21);
    expect(Math.max(...ages)).toBeLessThan(110);
    expect(people.every((p) => p.birthDate < AS_OF)).toBe(true);
    const males = people.filter((p) => p.sex === 'male').length / N;
    expect(males).toBeGreaterThan(0.47);
    expect(males).toBeLessThan(0.53);
    const dead = people.filter((p) => p.deathDate !== null);
    expect(dead.length / N).toBeGreaterThan(0.1);
    expect(dead.length / N).toBeLessThan(0.16);
    for (const p of dead) {
      expect(p.deathDate! >= '2004-12-31' && p.deathDate! < AS_OF).toBe(true);
      expect(p.deathDate! >= p.birthDate).toBe(true);
    }
    const deathAges = dead.map((p) => ageOn(p.birthDate, p.deathDate!)).sort((a, b) => a - b);
    const median = deathAges[Math.floor(deathAges.length / 2)]!;
    expect(median).toBeGreaterThan(75);
    expect(median).toBeLessThan(90);
    expect(people.some((p) => p.birthDate >= '2024-06-01')).toBe(true);
  });

  it('writes residence periods that are contiguous and use codes valid on their dates', () => {
    for (const p of people) {
      const r = p.residence;
      expect(r.length).toBeGreaterThan(0);
      expect(r[0]!.from).toBe(p.identities[0]!.from);
      r.forEach((period, i) => {
        const code = municipalities.get(period.municipality);
        expect(code, period.municipality).toBeDefined();
        expect(code!.from === null || code!.from <= period.from, `${period.municipality} from ${period.from}`).toBe(true);
        if (period.to === null) expect(code!.to, period.municipality).toBeNull();
        else {
          expect(period.to >= period.from).toBe(true);
          expect(code!.to === null || period.to <= code!.to, `${period.municipality} to ${period.to}`).toBe(true);
        }
        if (i > 0) expect(period.from).toBe(dayAfter(r[i - 1]!.to!));
      });
      const last = r[r.length - 1]!;
      expect(last.to).toBe(p.deathDate);
    }
  });

  it('gives everyone in a reformed municipality a new period with the new code on the reform date', () => {
    let reforms = 0;
    let followed = 0;
    for (const p of people) {
      for (let i = 1; i < p.residence.length; i++) {
        const prev = p.residence[i - 1]!;
        const code = municipalities.get(prev.municipality)!;
        if (prev.to !== code.to) continue;
        reforms++;
        if (code.replacedBy.includes(p.residence[i]!.municipality)) followed++;
      }
    }
    expect(reforms).toBeGreaterThan(N / 2);
    // A move may fall on a reform date; nearly every transition at a code's expiry is the reform itself.
    expect(followed / reforms).toBeGreaterThan(0.995);
    // Living residents all hold a 2024 code today.
    for (const p of people.filter((x) => x.deathDate === null)) {
      const now = p.residence[p.residence.length - 1]!.municipality;
      expect(municipalities.get(now)!.to).toBeNull();
    }
  });

  it('spreads residents over all 15 counties by population', () => {
    const current = people.filter((p) => p.deathDate === null).map((p) => p.residence[p.residence.length - 1]!.municipality);
    expect(new Set(current.map((c) => c.slice(0, 2))).size).toBe(15);
    const oslo = current.filter((c) => c === '0301').length / current.length;
    expect(oslo).toBeGreaterThan(0.11);
    expect(oslo).toBeLessThan(0.15);
    expect(people.some((p) => p.residence.length > 3)).toBe(true);
  });

  it('writes GP lists of existing patients, living in the GP municipality, with the number valid then', () => {
    const byNumber = new Map<string, { person: Person; identity: Person['identities'][number] }>();
    for (const person of people) for (const identity of person.identities) byNumber.set(identity.number, { person, identity });
    const listedToday = new Set<Person>();
    const gps = prescribers.filter((p) => p.gpList !== undefined);
    expect(gps.length).toBeGreaterThan(0);
    for (const gp of gps) {
      expect(gp.profession).toBe('LE');
      for (const e of gp.gpList!) {
        const found = byNumber.get(e.patient);
        expect(found, 'patient exists').toBeDefined();
        const { person, identity } = found!;
        expect(e.from >= '2001-06-01').toBe(true);
        expect(e.from >= identity.from).toBe(true);
        if (identity.to !== null) expect(e.to !== null && e.to < identity.to).toBe(true);
        if (e.to !== null) expect(e.to >= e.from).toBe(true);
        else listedToday.add(person);
        const period = person.residence.find((r) => r.from <= e.from && (r.to === null || e.from <= r.to))!;
        expect(municipality(period.municipality)?.currentCodes).toContain(gp.workplace.municipality);
        if (person.deathDate !== null) expect(e.to !== null && e.to <= person.deathDate).toBe(true);
      }
    }
    const living = people.filter((p) => p.deathDate === null).length;
    expect(listedToday.size / living).toBeGreaterThan(0.9);
  });

  it('writes a register of prescribers with valid HPR numbers, professions and workplaces', () => {
    expect(new Set(prescribers.map((p) => p.hpr)).size).toBe(prescribers.length);
    const professions = new Map<string, number>();
    for (const p of prescribers) {
      expect(checkHpr(p.hpr).valid).toBe(true);
      expect(p.hpr).toMatch(/^\d{7,9}$/);
      expect(p.birthYear).toBeGreaterThan(1950);
      expect(p.authorisedFrom < AS_OF).toBe(true);
      expect(Number(p.authorisedFrom.slice(0, 4)) - p.birthYear).toBeGreaterThanOrEqual(23);
      expect(isValidOrgnr(p.workplace.orgnr)).toBe(true);
      expect(municipalities.get(p.workplace.municipality)?.to).toBeNull();
      professions.set(p.profession, (professions.get(p.profession) ?? 0) + 1);
    }
    expect([...professions.keys()].sort()).toEqual(['FB', 'JO', 'LE', 'OP', 'SP', 'TL', 'VE']);
    expect(professions.get('LE')! / prescribers.length).toBeGreaterThan(0.5);
    expect(prescribers.filter((p) => p.gpList && p.specialties.includes('Allmennmedisin')).length).toBeGreaterThan(0);
  });

  it('writes about one pharmacy per 5,000 inhabitants with unique licence numbers', () => {
    expect(pharmacies).toHaveLength(pharmacyCount(N));
    expect(pharmacies.length).toBe(Math.round(N / 5000));
    expect(new Set(pharmacies.map((p) => p.konsesjonsnr)).size).toBe(pharmacies.length);
    for (const p of pharmacies) {
      expect(p.konsesjonsnr).toMatch(/^\d{4}$/);
      expect(isValidOrgnr(p.orgnr)).toBe(true);
      expect(municipalities.get(p.municipality)?.to).toBeNull();
    }
  });
});

describe('writePharmacies', () => {
  it('places a full-size nation\'s pharmacies by population, in real chains, with a few closed', async () => {
    const out = await mkdtemp(join(tmpdir(), 'lmr-pharmacies-'));
    try {
      const persons = 5_500_000;
      await writePharmacies(join(out, 'p.ndjson'), createRng('x'), world(), persons, toDay(AS_OF));
      const list = await readNdjson<Pharmacy>(join(out, 'p.ndjson'));
      expect(list).toHaveLength(1100);
      expect(new Set(list.map((p) => p.konsesjonsnr)).size).toBe(1100);
      expect(new Set(list.map((p) => p.name)).size).toBe(1100);
      const chains = new Set(list.map((p) => p.chain));
      for (const c of PHARMACY_CHAINS) expect(chains.has(c.chain)).toBe(true);
      const closed = list.filter((p) => p.closed !== null);
      expect(closed.length / list.length).toBeGreaterThan(0.02);
      expect(closed.length / list.length).toBeLessThan(0.12);
      for (const p of closed) expect(p.closed! > p.opened).toBe(true);
      const oslo = list.filter((p) => p.municipality === '0301').length / list.length;
      expect(oslo).toBeGreaterThan(0.1);
      expect(oslo).toBeLessThan(0.17);
      expect(new Set(list.map((p) => p.municipality.slice(0, 2))).size).toBe(15);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('determinism', () => {
  it('gives byte-identical files for the same seed and different files for another seed', async () => {
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => mkdtemp(join(tmpdir(), 'lmr-det-'))));
    try {
      await writePeople({ persons: 3000, seed: 'same', outDir: a!, asOf: AS_OF });
      await writePeople({ persons: 3000, seed: 'same', outDir: b!, asOf: AS_OF });
      await writePeople({ persons: 3000, seed: 'other', outDir: c!, asOf: AS_OF });
      for (const f of ['population.ndjson', 'prescribers.ndjson', 'pharmacies.ndjson']) {
        const [x, y, z] = await Promise.all([a!, b!, c!].map((d) => readFile(join(d, f))));
        expect(x!.equals(y!), f).toBe(true);
        if (f !== 'pharmacies.ndjson' || x!.length > 0) expect(x!.equals(z!), f).toBe(false);
      }
    } finally {
      await Promise.all([a!, b!, c!].map((d) => rm(d, { recursive: true, force: true })));
    }
  });

  it('rejects bad options', async () => {
    await expect(writePeople({ persons: 0, seed: 's', outDir: tmpdir(), asOf: AS_OF })).rejects.toThrow(RangeError);
    await expect(writePeople({ persons: 10, seed: 's', outDir: tmpdir(), asOf: '1.1.2025' })).rejects.toThrow(RangeError);
  });
});
