import { placeName } from '../geography/geography.js';
import type { Rng } from '../../shared/random.js';
import { isoOfDay, toDay } from './dates.js';
import { LineWriter } from './line-writer.js';
import { OrgnrSequence, nthName, placesOf } from './organisations.js';
import { pickIndex, type World } from './world.js';

/** The pharmacy chains and their approximate share of Norway's ~1,000 pharmacies (rules as data). */
export const PHARMACY_CHAINS: readonly { chain: string | null; share: number; patterns: readonly string[] }[] = [
  { chain: 'Apotek 1', share: 0.4, patterns: ['Apotek 1 {p}', 'Apotek 1 {p} Storsenter', 'Apotek 1 {p} Sentrum', 'Apotek 1 {p} Torget', 'Apotek 1 {p} Stasjon'] },
  { chain: 'Vitusapotek', share: 0.25, patterns: ['Vitusapotek {p}', 'Vitusapotek {p} Senter', 'Vitusapotek {p} Sentrum', 'Vitusapotek {p} Amfi'] },
  { chain: 'Boots apotek', share: 0.17, patterns: ['Boots apotek {p}', 'Boots apotek {p} Storsenter', 'Boots apotek {p} City'] },
  { chain: 'Ditt Apotek', share: 0.1, patterns: ['Ditt Apotek {p}', 'Ditt Apotek {p} Sentrum'] },
  // Independent pharmacies belong to no chain.
  { chain: null, share: 0.08, patterns: ['{p} apotek', 'Apoteket {p}', 'Løveapoteket {p}', 'Svaneapoteket {p}', 'Hjorteapoteket {p}'] },
];

/** About one pharmacy per 5,000 inhabitants; a few have closed. */
export const PHARMACY_RULES = {
  inhabitantsPerPharmacy: 5000,
  closedShare: 0.06,
  /** Share opened before the 2001 Pharmacy Act liberalised ownership. */
  openedBefore2001: 0.25,
  oldestOpening: '1950-01-01',
  liberalisation: '2001-03-01',
} as const;

export interface PharmacySummary {
  pharmacies: number;
}

/** How many pharmacies a nation of this many persons gets. */
export function pharmacyCount(persons: number): number {
  return Math.max(1, Math.round(persons / PHARMACY_RULES.inhabitantsPerPharmacy));
}

/**
 * Writes `pharmacies.ndjson`: pharmacies placed by municipality population, with unique 4-digit
 * konsesjonsnr, chain names, opening and (for a few) closing dates.
 */
export async function writePharmacies(path: string, rng: Rng, w: World, persons: number, asOfDay: number): Promise<PharmacySummary> {
  const count = pharmacyCount(persons);
  if (count > 10_000) throw new RangeError('more than 10,000 pharmacies: 4-digit konsesjonsnr would run out');
  // Konsesjonsnr: a shuffled pool of 1000–9999, then 0000–0999 if ever needed.
  const pool: number[] = [];
  for (let i = 1000; i <= 9999; i++) pool.push(i);
  for (let i = 0; i < 1000; i++) pool.push(i);
  for (let i = 0; i < Math.min(count, pool.length); i++) {
    const j = i + Math.floor(rng.next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const chainCumulative = Float64Array.from(PHARMACY_CHAINS.map((_, i) => PHARMACY_CHAINS.slice(0, i + 1).reduce((s, c) => s + c.share, 0)));
  const orgnr = new OrgnrSequence(98_100_000);
  const counters = new Map<string, number>();
  const names = new Set<string>();
  const oldest = toDay(PHARMACY_RULES.oldestOpening);
  const liberal = toDay(PHARMACY_RULES.liberalisation);
  const out = new LineWriter(path);
  try {
    for (let i = 0; i < count; i++) {
      const m = w.municipalities[pickIndex(w.cumulative, rng.next())]!;
      const c = PHARMACY_CHAINS[pickIndex(chainCumulative, rng.next() * chainCumulative[chainCumulative.length - 1]!)]!;
      const key = `${m.code}|${c.chain ?? ''}`;
      // The next unused name for this chain in this municipality (places can share a name).
      let k = counters.get(key) ?? 0;
      let name = nthName(k, placesOf(m.code, placeName(m)), c.patterns);
      while (names.has(name)) name = nthName(++k, placesOf(m.code, placeName(m)), c.patterns);
      counters.set(key, k + 1);
      names.add(name);
      const opened =
        rng.next() < PHARMACY_RULES.openedBefore2001
          ? oldest + Math.floor(rng.next() * (liberal - oldest))
          : liberal + Math.floor(rng.next() * Math.max(1, asOfDay - 180 - liberal));
      let closed: number | null = null;
      if (rng.next() < PHARMACY_RULES.closedShare && asOfDay - 1 - (opened + 365) > 0) {
        closed = opened + 365 + Math.floor(rng.next() * (asOfDay - 1 - (opened + 365)));
      }
      const record = {
        konsesjonsnr: String(pool[i]!).padStart(4, '0'),
        orgnr: orgnr.next(),
        name,
        chain: c.chain,
        municipality: m.code,
        opened: isoOfDay(opened),
        closed: closed === null ? null : isoOfDay(closed),
      };
      if (out.add(JSON.stringify(record) + '\n')) await out.flush();
    }
    await out.close();
  } catch (err) {
    out.destroy();
    throw err;
  }
  return { pharmacies: count };
}
