import { describe, expect, it } from 'vitest';
import {
  COUNTIES,
  CURRENT_COUNTIES,
  CURRENT_MUNICIPALITIES,
  MUNICIPALITY_CODES,
  countyOf,
  currentMunicipality,
  isValidOn,
  lineagesOf,
  municipality,
  placeName,
  predecessorsOf,
} from './geography.js';

const dayAfter = (date: string): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};
const validCount = (date: string): number => MUNICIPALITY_CODES.filter((m) => isValidOn(m.code, date)).length;

describe('municipality tables', () => {
  it('hold the real number of municipalities in each structure', () => {
    expect(validCount('2016-06-01')).toBe(428);
    expect(validCount('2017-06-01')).toBe(426);
    expect(validCount('2019-06-01')).toBe(422);
    expect(validCount('2021-06-01')).toBe(356);
    expect(validCount('2024-06-01')).toBe(357);
    expect(CURRENT_MUNICIPALITIES).toHaveLength(357);
  });

  it('approximate Norway: 5.5 million, 15 counties, every municipality over 20,000', () => {
    const total = CURRENT_MUNICIPALITIES.reduce((s, m) => s + m.population, 0);
    expect(total).toBeGreaterThan(5_400_000);
    expect(total).toBeLessThan(5_650_000);
    expect(CURRENT_COUNTIES.map((c) => c.code)).toEqual(['03', '11', '15', '18', '31', '32', '33', '34', '39', '40', '42', '46', '50', '55', '56']);
    expect(new Set(CURRENT_MUNICIPALITIES.map((m) => m.county)).size).toBe(15);
    expect(CURRENT_MUNICIPALITIES.filter((m) => m.population > 20_000).length).toBeGreaterThanOrEqual(55);
    const named: Record<string, string> = {
      '0301': 'Oslo', '4601': 'Bergen', '1103': 'Stavanger', '3201': 'Bærum', '4204': 'Kristiansand', '3301': 'Drammen',
      '3203': 'Asker', '3205': 'Lillestrøm', '3105': 'Sarpsborg', '3107': 'Fredrikstad', '5501': 'Tromsø', '1106': 'Haugesund',
      '1108': 'Sandnes', '1508': 'Ålesund', '3907': 'Sandefjord', '3905': 'Tønsberg', '3909': 'Larvik', '4003': 'Skien',
      '4001': 'Porsgrunn', '1804': 'Bodø', '3403': 'Hamar', '3405': 'Lillehammer', '3407': 'Gjøvik', '3103': 'Moss',
      '3207': 'Nordre Follo', '3209': 'Ullensaker', '1580': 'Haram',
    };
    for (const [code, name] of Object.entries(named)) expect(municipality(code)?.name, code).toBe(name);
    expect(placeName(municipality('5001')!)).toBe('Trondheim');
    expect(placeName(municipality('5612')!)).toBe('Kautokeino');
    expect(placeName(municipality('3114')!)).toBe('Våler');
  });

  it('is consistent: successors exist and are valid the day after, new codes have predecessors', () => {
    for (const m of MUNICIPALITY_CODES) {
      expect(m.code).toMatch(/^\d{4}$/);
      expect(COUNTIES.some((c) => c.code === m.county), m.code).toBe(true);
      if (m.to === null) expect(m.replacedBy, m.code).toEqual([]);
      else expect(m.replacedBy.length, m.code).toBeGreaterThan(0);
      for (const next of m.replacedBy) {
        const n = municipality(next);
        expect(n, `${m.code} → ${next}`).toBeDefined();
        expect(n!.from === null || n!.from <= dayAfter(m.to!), `${m.code} → ${next}`).toBe(true);
        expect(isValidOn(next, dayAfter(m.to!)), `${m.code} → ${next}`).toBe(true);
      }
      if (m.from !== null) expect(predecessorsOf(m.code).length, m.code).toBeGreaterThan(0);
      for (const c of m.currentCodes) expect(municipality(c)?.to, `${m.code} now in ${c}`).toBeNull();
    }
  });

  it('puts every code in a county that is valid while the code is', () => {
    for (const m of MUNICIPALITY_CODES) {
      const c = COUNTIES.find((x) => x.code === m.county)!;
      expect(c.from === null || (m.from !== null && m.from >= c.from), m.code).toBe(true);
      expect(c.to === null || (m.to !== null && m.to <= c.to), m.code).toBe(true);
    }
  });
});

describe('reforms', () => {
  it('map old codes to the current municipality and county', () => {
    const chains: [string, string, string][] = [
      ['1201', '4601', '4601'],
      ['0219', '3024', '3201'],
      ['0602', '3005', '3301'],
      ['0101', '3001', '3101'],
      ['1902', '5401', '5501'],
      ['0806', '3807', '4003'],
      ['1504', '1507', '1508'],
      ['1534', '1507', '1580'],
      ['0220', '3025', '3203'],
      ['0627', '3025', '3203'],
      ['0628', '3025', '3203'],
      ['0226', '3030', '3205'],
      ['0227', '3030', '3205'],
      ['0231', '3030', '3205'],
      ['1601', '5001', '5001'],
      ['0706', '3804', '3907'],
    ];
    for (const [old, mid, now] of chains) {
      expect(currentMunicipality(old, '2021-06-01')?.code, old).toBe(mid);
      expect(currentMunicipality(old)?.code, old).toBe(now);
      expect(currentMunicipality(old, '2019-06-01')?.code, old).toBe(old === '1601' ? '5001' : old === '0706' ? '0710' : old);
    }
    expect(municipality('1507')?.replacedBy).toEqual(['1508', '1580']);
    expect(currentMunicipality('1507')?.code).toBe('1508');
    expect(currentMunicipality('9999')).toBeUndefined();
  });

  it('gives the county of any code, now or on a date', () => {
    expect(countyOf('0219')).toBe('32');
    expect(countyOf('0219', '2021-06-01')).toBe('30');
    expect(countyOf('0219', '2019-06-01')).toBe('02');
    expect(countyOf('1902')).toBe('55');
    expect(countyOf('2012')).toBe('56');
    expect(countyOf('0532')).toBe('32'); // Jevnaker: Oppland → Viken → Akershus
    expect(countyOf('1444')).toBe('15'); // Hornindal: Sogn og Fjordane → Volda (Møre og Romsdal)
    expect(countyOf('0000')).toBeUndefined();
  });

  it('traces every current municipality back through contiguous, valid codes', () => {
    for (const m of CURRENT_MUNICIPALITIES) {
      const lineages = lineagesOf(m.code);
      expect(lineages.reduce((s, l) => s + l.share, 0), m.code).toBeCloseTo(1, 9);
      for (const l of lineages) {
        expect(l.steps[0]!.from, m.code).toBeNull();
        const last = l.steps[l.steps.length - 1]!;
        expect(last.code).toBe(m.code);
        expect(last.to).toBeNull();
        l.steps.forEach((s, i) => {
          const code = municipality(s.code)!;
          expect(code.from === null || (s.from !== null && code.from <= s.from), `${m.code}: ${s.code}`).toBe(true);
          expect(s.to, `${m.code}: ${s.code}`).toBe(code.to);
          if (i > 0) expect(s.from, `${m.code}: ${s.code}`).toBe(dayAfter(l.steps[i - 1]!.to!));
        });
      }
    }
    // Haram's residents before 2024 lived in Haram (1534), then the merged Ålesund (1507).
    expect(lineagesOf('1580').map((l) => l.steps.map((s) => s.code))).toEqual([['1534', '1507', '1580']]);
    expect(lineagesOf('3203').map((l) => l.steps[0]!.code).sort()).toEqual(['0220', '0627', '0628']);
  });
});
