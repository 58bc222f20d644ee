import { createHash } from 'node:crypto';
import { MASKED_HPR, MASKED_PERSON_IDS, type Dispensing, type DispensingMessage, type Patient, type PrescriptionType } from '../../intake/message/message.js';
import { SIMULATED_RULES } from '../../intake/rules/catalogue.js';
import { badRequest } from '../../shared/outcome.js';
import type { Rng } from '../../shared/random.js';
import { addYears, isoOfDay, toDay } from '../people/dates.js';
import { cumulativeTargets, dayWeights, monthOf } from './calendar.js';
import { mix, unit } from './hash.js';
import { badCodes, breakRule, reheaded, type BadCodes, type SimulatedRule } from './invalid.js';
import { cumulate, pick, type Model, type SubstanceModel } from './model.js';
import { aupOn, codeValid, identityAt, MAX_DAY, REGISTER_START, residenceAt, type Nation } from './nation.js';

/**
 * The pharmacy simulator's engine. It walks the days of the year; each day gets its share of the
 * dispensings (weekday, season, holidays), planned first in compact arrays (who, what, where) and
 * then written pharmacy by pharmacy as messages of at most 1,000 dispensings. Corrections and
 * cancellations of earlier dispensings are scheduled a few days ahead and sent by the same pharmacy.
 *
 * Kinds of use: chronic therapies refilled about every three months, long-term high users of opioids,
 * benzodiazepines and z-hypnotics (monthly), dose dispensing for the elderly (every 14 days), acute,
 * seasonal and as-needed use drawn day by day, veterinary prescriptions, requisitions and pharmacy
 * services. A therapy is a stable hash of its index: the same person, product and prescriber at every
 * refill, with no per-therapy memory.
 */

export interface Truth {
  dispensings: number;
  invalid: number;
  corrections: number;
  cancellations: number;
  byRule: Record<string, number>;
}

export interface SimulationOptions {
  count: number;
  errorRate: number;
  seed: string;
  rng: Rng;
  /** Called with each message, in order; awaited (backpressure). */
  emit: (message: DispensingMessage) => void | Promise<void>;
  onDay?: (written: number) => void;
}

export const MAX_PER_MESSAGE = 1000;

const CHRONIC = 0;
const HIGH = 1;
const MULTIDOSE = 2;
const ACUTE = 3;
const ANIMAL = 4;
const REQUISITION = 5;
const SERVICE = 6;
const INVALID = 7;

/** Shares of valid new dispensings by kind; the rest is human prescriptions, chronic or acute. */
const SHARE = { service: 0.02, requisition: 0.03, animal: 0.02, multidose: 0.04, high: 0.015 };
/** Days between refills. */
const INTERVAL = { chronic: 91, high: 30, multidose: 14 };
/** Of valid dispensings: later corrected, later cancelled. */
const CORRECTED = 0.01;
const CANCELLED = 0.005;
const MASKED_PATIENT = 0.001;
const MASKED_PRESCRIBER = 0.002;
/** Services peak with the vaccination season. */
const SERVICE_MONTH = [0, 0.9, 0.8, 0.8, 0.8, 0.9, 1, 0.8, 0.8, 1.2, 2.6, 2.1, 1.2];

/** Invalid dispensings build on one of these. */
const BASE_PLAIN = 0;
const BASE_ANIMAL = 1;
const BASE_SERVICE = 2;
const BASE_FUTURE = 3;
const BASE_EARLY = 4;
const BASE_DEAD = 5;
const BASE_DEAD_MAIN = 6;
const BASE_CONFLICT = 7;

interface Held {
  pharm: number;
  day: number;
  d: Dispensing;
}

interface Pending {
  pharm: number;
  d: Dispensing;
  cancel: boolean;
}

/** One day's plan: one row per new dispensing. */
class Plan {
  n = 0;
  cat = new Uint8Array(1024);
  base = new Uint8Array(1024);
  rule = new Int8Array(1024);
  ord = new Int32Array(1024);
  prod = new Int32Array(1024);
  aux = new Int32Array(1024);
  day = new Int32Array(1024);
  pharm = new Int32Array(1024);
  /** The identity and residence rows of the person on the day, found while planning (read once). */
  idRow = new Int32Array(1024);
  resRow = new Int32Array(1024);
  targets = new Map<number, Held>();

  reset(): void {
    this.n = 0;
    this.targets.clear();
  }

  /** Moves entry `e` to another person, product and day (the date rules). */
  place(e: number, base: number, ord: number, prod: number, day: number, pharm: number): void {
    this.base[e] = base;
    this.ord[e] = ord;
    this.prod[e] = prod;
    this.day[e] = day;
    this.pharm[e] = pharm;
  }

  add(): number {
    if (this.n === this.cat.length) {
      const grow = <T extends Uint8Array | Int8Array | Int32Array>(a: T, make: (n: number) => T): T => {
        const b = make(a.length * 2);
        b.set(a);
        return b;
      };
      this.cat = grow(this.cat, (n) => new Uint8Array(n));
      this.base = grow(this.base, (n) => new Uint8Array(n));
      this.rule = grow(this.rule, (n) => new Int8Array(n));
      this.ord = grow(this.ord, (n) => new Int32Array(n));
      this.prod = grow(this.prod, (n) => new Int32Array(n));
      this.aux = grow(this.aux, (n) => new Int32Array(n));
      this.day = grow(this.day, (n) => new Int32Array(n));
      this.pharm = grow(this.pharm, (n) => new Int32Array(n));
      this.idRow = grow(this.idRow, (n) => new Int32Array(n));
      this.resRow = grow(this.resRow, (n) => new Int32Array(n));
    }
    const e = this.n++;
    this.rule[e] = -1;
    this.base[e] = 0;
    this.aux[e] = 0;
    return e;
  }
}

const round2 = (x: number): number => Math.round(x * 100) / 100;
const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000'];
/** An 11-digit number as text with its leading zeros (two small integers format faster than one large). */
const fmtId = (n: number): string => {
  const hi = Math.floor(n / 1e6);
  const a = String(hi);
  const b = String(n - hi * 1e6);
  return ZEROS[5 - a.length]! + a + ZEROS[6 - b.length]! + b;
};

export class Simulator {
  private readonly rng: Rng;
  private readonly salt: number;
  private readonly tag: string;
  private readonly bad: BadCodes;
  private readonly rank: Int32Array;
  private readonly productSub: Int32Array;
  private readonly doctors: Int32Array;
  private readonly dentists: Int32Array;
  private readonly contraception: Int32Array;
  private readonly vets: Int32Array;
  private readonly anyPrescriber: Int32Array;
  private readonly nearCache = new Map<number, Int32Array>();
  private readonly allPharmacies: Int32Array;
  private readonly deadCanon: Int32Array;
  private readonly sexOk: boolean;

  private readonly plan = new Plan();
  private readonly refs: Int32Array;
  private readonly pending = new Map<number, Pending[]>();
  /** Earlier valid dispensings (never corrected) that a version conflict may re-send; at most 4,096. */
  private readonly conflictPool: Held[] = [];
  private hitId = -1;
  private hitRes = -1;
  private ruleCursor = 0;
  private messageNo = 0;
  private readonly cursors = { chronic: 0, high: 0, multidose: 0 };
  private readonly pools = { chronic: 1, high: 1, multidose: 1 };
  private readonly truth: Truth = { dispensings: 0, invalid: 0, corrections: 0, cancellations: 0, byRule: {} };
  private readonly byRule = new Map<string, number>();
  private capacity = 0;
  private invalidLeft = 0;
  private reserved = 0;

  constructor(
    private readonly nation: Nation,
    private readonly model: Model,
    private readonly options: SimulationOptions,
  ) {
    this.rng = options.rng;
    this.salt = this.rng.int(1, 0x7fffffff);
    this.tag = createHash('sha256').update(options.seed).digest('hex').slice(0, 8);
    this.bad = badCodes(nation.codes);
    const persons = nation.persons;
    this.rank = new Int32Array(persons.count).fill(-1);
    persons.canon.forEach((ord, r) => (this.rank[ord] = r));
    this.productSub = new Int32Array(nation.products.count).fill(-1);
    model.substances.forEach((s, i) => s.products.forEach((p) => (this.productSub[p] = i)));
    const pr = nation.prescribers;
    const withHpr = (list: Int32Array | undefined): Int32Array => (list ?? new Int32Array(0)).filter((p) => pr.hpr[p] !== '');
    this.anyPrescriber = withHpr(Int32Array.from([...pr.byProfession.values()].flatMap((l) => Array.from(l)).sort((a, b) => Number(pr.hpr[a]) - Number(pr.hpr[b]))));
    if (this.anyPrescriber.length === 0) throw badRequest('the imported nation has no prescribers with an HPR number');
    const orAny = (list: Int32Array): Int32Array => (list.length > 0 ? list : this.anyPrescriber);
    this.doctors = orAny(withHpr(pr.byProfession.get('LE')));
    this.dentists = orAny(withHpr(pr.byProfession.get('TL')));
    this.contraception = orAny(withHpr(Int32Array.from([...Array.from(pr.byProfession.get('JO') ?? []), ...Array.from(pr.byProfession.get('SP') ?? [])])));
    this.vets = orAny(withHpr(pr.byProfession.get('VE')));
    this.allPharmacies = Int32Array.from({ length: nation.pharmacies.count }, (_, i) => i);
    if (this.allPharmacies.length === 0) throw badRequest('the imported nation has no pharmacies');
    this.refs = new Int32Array(nation.pharmacies.count);
    this.deadCanon = nation.dead.canon;
    this.sexOk = codeValid(nation.codes, '3101', '1', nation.firstDay) && codeValid(nation.codes, '3101', '2', nation.lastDay);
  }

  async run(): Promise<Truth> {
    const { count, errorRate } = this.options;
    const { firstDay, lastDay } = this.nation;
    const weights = dayWeights(firstDay, lastDay);
    const targets = cumulativeTargets(weights, count);
    const invalidTotal = Math.round(count * errorRate);
    const invalidTargets = cumulativeTargets(weights, invalidTotal);
    this.capacity = count;
    this.invalidLeft = invalidTotal;
    this.sizePools(count - invalidTotal, weights.length);
    let written = 0;
    let invalidDone = 0;
    for (let day = firstDay; day <= lastDay; day++) {
      const i = day - firstDay;
      const isLast = day === lastDay;
      const due = this.pending.get(day) ?? [];
      this.pending.delete(day);
      this.reserved -= due.length;
      this.capacity -= due.length;
      let invalid: number;
      let valid: number;
      if (isLast) {
        invalid = this.invalidLeft;
        valid = this.capacity - this.invalidLeft;
      } else {
        const want = Math.max(0, targets[i]! - written - due.length);
        invalid = Math.min(Math.max(0, invalidTargets[i]! - invalidDone), want, this.invalidLeft);
        valid = Math.min(want - invalid, this.capacity - this.reserved - this.invalidLeft);
        valid = Math.max(0, valid);
      }
      this.capacity -= invalid + valid;
      this.invalidLeft -= invalid;
      invalidDone += invalid;
      this.planDay(day, valid, invalid);
      written += due.length + this.plan.n;
      await this.writeDay(day, due, isLast);
      this.options.onDay?.(written);
    }
    this.truth.dispensings = written;
    this.truth.byRule = Object.fromEntries([...SIMULATED_RULES].filter((r) => this.byRule.has(r)).map((r) => [r, this.byRule.get(r)!]));
    return this.truth;
  }

  /** Therapy pools: as many therapies as refills in one interval. */
  private sizePools(valid: number, days: number): void {
    const perDay = (share: number): number => (valid * (1 - CORRECTED - CANCELLED) * share) / Math.max(1, days);
    const human = 1 - SHARE.service - SHARE.requisition - SHARE.animal - SHARE.multidose - SHARE.high;
    this.pools.chronic = Math.max(1, Math.round(perDay(human * this.model.chronicShare) * INTERVAL.chronic));
    this.pools.high = Math.max(1, Math.round(perDay(SHARE.high) * INTERVAL.high));
    this.pools.multidose = Math.max(1, Math.round(perDay(SHARE.multidose) * INTERVAL.multidose));
    this.cursors.chronic = this.rng.int(0, this.pools.chronic - 1);
    this.cursors.high = this.rng.int(0, this.pools.high - 1);
    this.cursors.multidose = this.rng.int(0, this.pools.multidose - 1);
  }

  // ------------------------------------------------------------------ planning

  private kindWeights(month: number): Float64Array {
    const m = this.model;
    const human = 1 - SHARE.service - SHARE.requisition - SHARE.animal - SHARE.multidose - SHARE.high;
    return cumulate([
      human * m.chronicShare,
      m.high.length > 0 ? SHARE.high : 0,
      m.multidoseGroups.at(-1)! > 0 ? SHARE.multidose : 0,
      human * (1 - m.chronicShare),
      m.animal.length > 0 ? SHARE.animal : 0,
      SHARE.requisition,
      m.services.length > 0 ? SHARE.service * SERVICE_MONTH[month]! : 0,
    ]);
  }

  private planDay(day: number, valid: number, invalid: number): void {
    const plan = this.plan;
    plan.reset();
    const month = monthOf(day);
    const kinds = this.kindWeights(month);
    // Invalid dispensings are spread through the day's valid ones.
    const total = valid + invalid;
    let invalidLeft = invalid;
    for (let k = 0; k < total; k++) {
      const e = plan.add();
      plan.day[e] = day;
      const makeInvalid = invalidLeft > 0 && this.rng.next() * (total - k) < invalidLeft;
      if (makeInvalid) {
        invalidLeft--;
        this.planInvalid(e, day, month);
        continue;
      }
      const cat = pick(kinds, this.rng.next());
      this.planValid(e, cat, day, month);
    }
  }

  private planValid(e: number, cat: number, day: number, month: number): void {
    const plan = this.plan;
    if (cat === CHRONIC || cat === HIGH || cat === MULTIDOSE) {
      if (this.planTherapy(e, cat, day)) return;
      cat = ACUTE;
    }
    plan.cat[e] = cat;
    switch (cat) {
      case ANIMAL: {
        const s = this.model.substances[this.model.animal[pick(this.model.animalWeights, this.rng.next())]!]!;
        this.hold(e, this.personFromGroups(this.model.ownerGroups, day), day);
        plan.prod[e] = this.acuteProduct(s, this.rng.next());
        plan.aux[e] = Math.floor(this.rng.next() * s.species.length);
        return;
      }
      case SERVICE: {
        const k = pick(this.model.servicesByMonth[month]!, this.rng.next());
        const svc = this.model.services[k]!;
        const s = this.model.substances[svc.substances[pick(svc.weights, this.rng.next())]!]!;
        this.hold(e, this.personFromGroups(s.groups, day), day);
        plan.prod[e] = this.acuteProduct(s, this.rng.next());
        plan.aux[e] = k;
        return;
      }
      default: {
        // Acute, seasonal and as-needed use, and requisitions.
        const s = this.model.substances[this.model.acute[pick(this.model.acuteByMonth[month]!, this.rng.next())]!]!;
        this.hold(e, this.personFromGroups(s.groups, day), day);
        plan.prod[e] = this.acuteProduct(s, this.rng.next());
      }
    }
  }

  /** The next therapy of a pool whose person can be dispensed to today (skipping the dead and the departed). */
  private planTherapy(e: number, cat: number, day: number): boolean {
    const plan = this.plan;
    const key = cat === CHRONIC ? 'chronic' : cat === HIGH ? 'high' : 'multidose';
    for (let tries = 0; tries < 64; tries++) {
      const t = this.cursors[key];
      this.cursors[key] = (t + 1) % this.pools[key];
      const th = this.therapy(cat, t);
      if (th.ord < 0 || !this.eligible(th.ord, day)) continue;
      plan.cat[e] = cat;
      this.hold(e, th.ord, day);
      plan.prod[e] = th.prod;
      plan.aux[e] = t;
      return true;
    }
    return false;
  }

  private therapySalt(cat: number, t: number): number {
    return mix(t, this.salt + cat * 7919);
  }

  /** A therapy: its person, substance and product, all from the hash of its index. */
  private therapy(cat: number, t: number): { ord: number; prod: number } {
    const m = this.model;
    const h = this.therapySalt(cat, t);
    const groups = cat === CHRONIC ? m.chronicGroups : cat === HIGH ? m.highGroups : m.multidoseGroups;
    const byGroup = cat === HIGH ? m.highByGroup : cat === MULTIDOSE ? m.multidoseByGroup : m.chronicByGroup;
    const set = cat === HIGH ? m.high : cat === MULTIDOSE ? m.multidose : m.chronic;
    const g = pick(groups, unit(h, 1));
    const start = m.groupStart[g]!;
    const size = m.groupStart[g + 1]! - start;
    if (size === 0) return { ord: -1, prod: -1 };
    const ord = m.groupMembers[start + Math.floor(unit(h, 2) * size)]!;
    const s = m.substances[set[pick(byGroup[g]!, unit(h, 3))]!]!;
    let prod: number;
    if (cat === MULTIDOSE) prod = s.tablets[Math.floor(unit(h, 4) * s.tablets.length)]!;
    else prod = this.chronicProduct(s, unit(h, 4));
    return { ord, prod };
  }

  /** Chronic use takes the larger packs (about three months' supply). */
  private chronicProduct(s: SubstanceModel, u: number): number {
    const n = s.products.length;
    const from = Math.floor(n / 2);
    return s.products[from + Math.floor(u * (n - from))]!;
  }

  /** Acute use takes the smaller packs. */
  private acuteProduct(s: SubstanceModel, u: number): number {
    const n = Math.ceil(s.products.length / 2);
    return s.products[Math.floor(u * n)]!;
  }

  /** Can the person have a dispensing on the day? Keeps the rows found for `hold`. */
  private eligible(ord: number, day: number): boolean {
    const p = this.nation.persons;
    if (p.winFrom[ord]! > day || day > p.winTo[ord]!) return false;
    this.hitRes = residenceAt(p, ord, day);
    this.hitId = identityAt(p, ord, day);
    return this.hitRes >= 0 && this.hitId >= 0;
  }

  /** Plans person `ord` (just found eligible on the day) for entry `e`, at a pharmacy near home. */
  private hold(e: number, ord: number, day: number): void {
    const plan = this.plan;
    plan.ord[e] = ord;
    plan.idRow[e] = this.hitId;
    plan.resRow[e] = this.hitRes;
    plan.pharm[e] = this.pharmacyNear(this.nation.persons.resMuni[this.hitRes]!, mix(this.rank[ord]!, this.salt ^ 0x5bd1e995), day);
  }

  /** A person from cumulative group weights who can be dispensed to on `day`. */
  private personFromGroups(groups: Float64Array, day: number): number {
    const m = this.model;
    if (groups.at(-1)! > 0) {
      for (let tries = 0; tries < 12; tries++) {
        const g = pick(groups, this.rng.next());
        const start = m.groupStart[g]!;
        const size = m.groupStart[g + 1]! - start;
        if (size === 0) continue;
        const ord = m.groupMembers[start + Math.floor(this.rng.next() * size)]!;
        if (this.eligible(ord, day)) return ord;
      }
    }
    return this.anyone(day, () => true);
  }

  /** Anyone who can be dispensed to on `day` and passes `test`, or -1 with `optional`. */
  private anyone(day: number, test: (ord: number) => boolean, optional = false): number {
    const list = this.model.eligible;
    const n = list.length;
    if (n > 0) {
      for (let tries = 0; tries < 200; tries++) {
        const ord = list[Math.floor(this.rng.next() * n)]!;
        if (test(ord) && this.eligible(ord, day)) return ord;
      }
      if (!optional) {
        const start = Math.floor(this.rng.next() * n);
        for (let k = 0; k < n; k++) {
          const ord = list[(start + k) % n]!;
          if (test(ord) && this.eligible(ord, day)) return ord;
        }
      }
    }
    if (optional) return -1;
    throw badRequest(`no person in the imported nation can have a dispensing on ${isoOfDay(day)}`);
  }

  // ------------------------------------------------------------------ invalid dispensings

  private planInvalid(e: number, day: number, month: number): void {
    for (let tries = 0; tries < SIMULATED_RULES.length; tries++) {
      const r = this.ruleCursor++ % SIMULATED_RULES.length;
      if (this.planRule(e, SIMULATED_RULES[r]!, day, month)) {
        this.plan.cat[e] = INVALID;
        this.plan.rule[e] = r;
        return;
      }
    }
    throw badRequest('no rule can be broken on purpose in the imported nation');
  }

  /** Plans a dispensing that will break `rule`; false when the nation offers no way to. */
  private planRule(e: number, rule: SimulatedRule, day: number, month: number): boolean {
    const plan = this.plan;
    const p = this.nation.persons;
    const products = this.nation.products;
    const productOn = (d: number): number => {
      for (let tries = 0; tries < 20; tries++) {
        const s = this.model.substances[this.model.acute[pick(this.model.acuteByMonth[month]!, this.rng.next())]!]!;
        const prod = this.acuteProduct(s, this.rng.next());
        if (products.atcFrom[prod]! <= d && d <= products.atcTo[prod]!) return prod;
      }
      return -1;
    };
    // Most rules need nothing special: a plain dispensing that `breakRule` changes.
    switch (rule as string) {
      case 'date.future': {
        // Thirty years ahead (a typo in the year): after any day the file may be ingested on.
        const future = addYears(day, 30);
        const ord = this.anyone(day, (o) => p.death[o] === MAX_DAY && identityAt(p, o, future) >= 0 && residenceAt(p, o, future) >= 0, true);
        const prod = productOn(future);
        if (ord < 0 || prod < 0) return false;
        plan.place(e, BASE_FUTURE, ord, prod, future, this.pharmacyOf(ord, day));
        return true;
      }
      case 'date.before-register': {
        const from = toDay('2000-01-01');
        const ord = this.anyone(day, (o) => p.birth[o]! < from, true);
        if (ord < 0) return false;
        const early = this.rng.int(Math.max(from, p.birth[ord]! + 1), REGISTER_START - 1);
        const prod = productOn(early);
        if (prod < 0) return false;
        plan.place(e, BASE_EARLY, ord, prod, early, this.pharmacyOf(ord, day));
        return true;
      }
      case 'date.before-birth': {
        const ord = this.anyone(day, (o) => p.birth[o]! > REGISTER_START, true);
        if (ord < 0) return false;
        const birth = p.birth[ord]!;
        const before = birth - this.rng.int(1, Math.min(270, birth - REGISTER_START));
        const prod = productOn(before);
        if (prod < 0) return false;
        plan.place(e, BASE_EARLY, ord, prod, before, this.pharmacyOf(ord, day));
        return true;
      }
      case 'date.after-death':
        return this.planAfterDeath(e, day, productOn);
      case 'version.conflict': {
        const pool = this.conflictPool;
        for (let tries = 0; tries < 16 && pool.length > 0; tries++) {
          const slot = Math.floor(this.rng.next() * pool.length);
          const held = pool[slot]!;
          if (held.day >= day) continue;
          pool[slot] = pool[pool.length - 1]!;
          pool.pop();
          plan.base[e] = BASE_CONFLICT;
          plan.targets.set(e, held);
          plan.pharm[e] = held.pharm;
          return true;
        }
        return false;
      }
      case 'service.type':
        if (this.model.services.length === 0) return false;
        this.planValid(e, SERVICE, day, month);
        plan.base[e] = BASE_SERVICE;
        return true;
      case 'animal.species':
        if (this.model.animal.length === 0) return false;
        this.planValid(e, ANIMAL, day, month);
        plan.base[e] = BASE_ANIMAL;
        return true;
      default:
        this.planValid(e, ACUTE, day, month);
        plan.base[e] = BASE_PLAIN;
        return true;
    }
  }

  private planAfterDeath(e: number, day: number, productOn: (d: number) => number): boolean {
    const plan = this.plan;
    const dead = this.nation.dead;
    const p = this.nation.persons;
    let death = -1;
    if (this.deadCanon.length > 0) {
      const k = this.deadCanon[Math.floor(this.rng.next() * this.deadCanon.length)]!;
      death = dead.death[k]!;
      plan.base[e] = BASE_DEAD;
      plan.ord[e] = k;
      plan.pharm[e] = dead.muni[k]! >= 0 ? this.pharmacyNear(dead.muni[k]!, mix(k, this.salt), day) : this.randomPharmacy(day);
    } else {
      // No one died before the year: someone who died earlier this year.
      const list = this.model.eligible;
      for (let tries = 0; tries < 400 && death < 0; tries++) {
        const o = list[Math.floor(this.rng.next() * list.length)]!;
        if (p.death[o]! < day && identityAt(p, o, p.death[o]!) >= 0 && residenceAt(p, o, p.death[o]!) >= 0) {
          death = p.death[o]!;
          plan.base[e] = BASE_DEAD_MAIN;
          plan.ord[e] = o;
          plan.pharm[e] = this.pharmacyOf(o, p.death[o]!);
        }
      }
      if (death < 0) return false;
    }
    const after = death + this.rng.int(1, Math.max(1, Math.min(365, day - death)));
    const prod = productOn(after);
    if (prod < 0 || after > day) return false;
    plan.prod[e] = prod;
    plan.day[e] = after;
    return true;
  }

  // ------------------------------------------------------------------ pharmacies

  private pharmacyOf(ord: number, day: number): number {
    const p = this.nation.persons;
    const r = residenceAt(p, ord, day);
    const home = mix(this.rank[ord]!, this.salt ^ 0x5bd1e995);
    if (r < 0) return this.randomPharmacy(day);
    return this.pharmacyNear(p.resMuni[r]!, home, day);
  }

  /** The person's usual pharmacy near home (85 %), else another one nearby; open on the day. */
  private pharmacyNear(muni: number, home: number, day: number): number {
    const list = this.near(muni);
    const first = this.rng.next() < 0.85 ? home % list.length : Math.floor(this.rng.next() * list.length);
    const ph = this.nation.pharmacies;
    for (let k = 0; k < list.length; k++) {
      const c = list[(first + k) % list.length]!;
      if (ph.opened[c]! <= day && day < ph.closed[c]!) return c;
    }
    return this.randomPharmacy(day);
  }

  private randomPharmacy(day: number): number {
    const ph = this.nation.pharmacies;
    const first = Math.floor(this.rng.next() * ph.count);
    for (let k = 0; k < ph.count; k++) {
      const c = (first + k) % ph.count;
      if (ph.opened[c]! <= day && day < ph.closed[c]!) return c;
    }
    return first;
  }

  /** Pharmacies in the municipality (as it is now called), else in its county, else all. */
  private near(muni: number): Int32Array {
    let list = this.nearCache.get(muni);
    if (list) return list;
    const codes = this.nation.codes;
    const ph = this.nation.pharmacies;
    const current = codes.successor[muni]!;
    const county = codes.municipalities[current]!.slice(0, 2);
    const here = this.allPharmacies.filter((i) => ph.muni[i]! >= 0 && codes.successor[ph.muni[i]!] === current);
    const inCounty = here.length > 0 ? here : this.allPharmacies.filter((i) => ph.muni[i]! >= 0 && codes.municipalities[codes.successor[ph.muni[i]!]!]!.startsWith(county));
    list = inCounty.length > 0 ? inCounty : this.allPharmacies;
    this.nearCache.set(muni, list);
    return list;
  }

  // ------------------------------------------------------------------ writing

  private async writeDay(day: number, due: Pending[], isLast: boolean): Promise<void> {
    const plan = this.plan;
    const pharmacies = this.nation.pharmacies.count;
    // Counting sort of the plan by pharmacy (stable), and the follow-ups due today by pharmacy.
    const start = new Int32Array(pharmacies + 1);
    for (let e = 0; e < plan.n; e++) start[plan.pharm[e]! + 1]!++;
    for (let i = 0; i < pharmacies; i++) start[i + 1]! += start[i]!;
    const fill = start.slice(0, pharmacies);
    const order = new Int32Array(plan.n);
    for (let e = 0; e < plan.n; e++) order[fill[plan.pharm[e]!]!++] = e;
    const dueBy = new Map<number, Pending[]>();
    for (const f of due) {
      const list = dueBy.get(f.pharm) ?? [];
      list.push(f);
      dueBy.set(f.pharm, list);
    }
    const dayIso = isoOfDay(day);
    for (let ph = 0; ph < pharmacies; ph++) {
      const follow = dueBy.get(ph);
      if (start[ph] === start[ph + 1] && !follow) continue;
      let chunk: Dispensing[] = [];
      let part = 0;
      const flush = async (): Promise<void> => {
        if (chunk.length === 0) return;
        await this.options.emit(this.message(ph, dayIso, part++, chunk));
        chunk = [];
      };
      for (const f of follow ?? []) {
        chunk.push(this.followUp(f));
        if (chunk.length === MAX_PER_MESSAGE) await flush();
      }
      for (let k = start[ph]!; k < start[ph + 1]!; k++) {
        chunk.push(this.build(order[k]!, day, isLast));
        if (chunk.length === MAX_PER_MESSAGE) await flush();
      }
      await flush();
    }
  }

  private message(ph: number, dayIso: string, part: number, dispensings: Dispensing[]): DispensingMessage {
    const pharmacies = this.nation.pharmacies;
    const minute = (ph * 7) % 60;
    const hour = 20 + (ph % 3);
    return {
      messageId: `sim-${this.tag}-${this.nation.year}-${++this.messageNo}`,
      pharmacy: pharmacies.konsesjonsnr[ph]!,
      system: pharmacies.chain[ph] === 'Apotek 1' ? 'FarmaPro' : 'Eik',
      sentAt: `${dayIso}T${hour}:${String(minute).padStart(2, '0')}:${String(part % 60).padStart(2, '0')}Z`,
      dispensings,
    };
  }

  private nextRef(ph: number): string {
    return `${this.tag}.${this.nation.year}.${++this.refs[ph]!}`;
  }

  private followUp(f: Pending): Dispensing {
    if (f.cancel) {
      this.truth.cancellations++;
      return reheaded(f.d, f.d.version + 1, true);
    }
    this.truth.corrections++;
    const corrected = reheaded(f.d, f.d.version + 1, false);
    corrected.product = this.otherPacks(f.d.product);
    return corrected;
  }

  /** The same product with another number of packs (and the price to match). */
  private otherPacks(product: Dispensing['product']): Dispensing['product'] {
    const packs = product.packs;
    const next = Number.isInteger(packs) ? (packs > 1 && this.rng.next() < 0.5 ? packs - 1 : packs + 1) : round4(packs * 2);
    const out: Dispensing['product'] = { varenr: product.varenr, packs: next };
    if (typeof product.aup === 'number') out.aup = round2((product.aup / packs) * next);
    return out;
  }

  private build(e: number, today: number, isLast: boolean): Dispensing {
    const plan = this.plan;
    const cat = plan.cat[e]!;
    if (cat === INVALID) return this.buildInvalid(e, today);
    const d = this.buildValid(e, cat, true);
    // Later corrections and cancellations, within what the count allows; else maybe a target for a version conflict.
    const room = this.capacity - this.reserved - 1 >= this.invalidLeft;
    const u = this.rng.next();
    if (!isLast && room && u < CORRECTED + CANCELLED) {
      const when = Math.min(this.nation.lastDay, today + this.rng.int(1, 5));
      const list = this.pending.get(when) ?? [];
      list.push({ pharm: plan.pharm[e]!, d, cancel: u >= CORRECTED });
      this.pending.set(when, list);
      this.reserved++;
    } else if (u > 0.98) {
      const held = { pharm: plan.pharm[e]!, day: today, d };
      if (this.conflictPool.length < 4096) this.conflictPool.push(held);
      else this.conflictPool[Math.floor(this.rng.next() * 4096)] = held;
    }
    return d;
  }

  private buildValid(e: number, cat: number, allowMask: boolean): Dispensing {
    const plan = this.plan;
    const ord = plan.ord[e]!;
    const prod = plan.prod[e]!;
    const day = plan.day[e]!;
    const ph = plan.pharm[e]!;
    switch (cat) {
      case ANIMAL:
        return this.animal(e, ph, prod, plan.aux[e]!, day);
      case SERVICE:
        return this.service(e, ph, prod, plan.aux[e]!, day, allowMask);
      case REQUISITION:
        return this.requisition(e, ph, prod, day, allowMask);
      default:
        return this.prescription(e, ph, cat, ord, prod, cat === ACUTE ? -1 : plan.aux[e]!, day, allowMask);
    }
  }

  private buildInvalid(e: number, today: number): Dispensing {
    const plan = this.plan;
    const rule = SIMULATED_RULES[plan.rule[e]!]!;
    this.truth.invalid++;
    this.byRule.set(rule, (this.byRule.get(rule) ?? 0) + 1);
    let d: Dispensing;
    switch (plan.base[e]!) {
      case BASE_CONFLICT: {
        const held = plan.targets.get(e)!;
        d = reheaded(held.d, held.d.version, false);
        d.product = this.otherPacks(held.d.product);
        return d;
      }
      case BASE_ANIMAL:
        d = this.buildValid(e, ANIMAL, false);
        break;
      case BASE_SERVICE:
        d = this.buildValid(e, SERVICE, false);
        break;
      case BASE_FUTURE:
      case BASE_EARLY:
      case BASE_DEAD:
      case BASE_DEAD_MAIN:
        d = this.special(e, today);
        break;
      default:
        d = this.buildValid(e, plan.cat[e] === INVALID ? ACUTE : plan.cat[e]!, false);
    }
    const legalBasis = this.model.legalBasis.includes('200') ? '200' : this.model.legalBasis[0];
    return breakRule(rule, d, { bad: this.bad, rng: this.rng, allVarenr: this.nation.products.allVarenr, legalBasis });
  }

  // ------------------------------------------------------------------ the parts of a dispensing

  /** The patient as registered on the day of entry `e` (identity and residence rows found while planning). */
  private patient(e: number, allowMask: boolean): Patient {
    const p = this.nation.persons;
    const plan = this.plan;
    const ord = plan.ord[e]!;
    const j = plan.idRow[e]!;
    const r = plan.resRow[e]!;
    const masked = allowMask && this.rng.next() < MASKED_PATIENT;
    const out: Patient = { id: masked ? MASKED_PERSON_IDS[this.rng.int(0, 1)]! : fmtId(p.idNumber[j]!), birthDate: isoOfDay(p.birth[ord]!) };
    if (this.sexOk) out.sex = p.sex[ord] === 2 ? '2' : '1';
    if (r >= 0) out.municipality = this.nation.codes.municipalities[p.resMuni[r]!]!;
    return out;
  }

  private hpr(list: Int32Array, u: number, allowMask: boolean): { hpr: string } {
    if (allowMask && this.rng.next() < MASKED_PRESCRIBER) return { hpr: MASKED_HPR[this.rng.int(0, 1)]! };
    return { hpr: this.nation.prescribers.hpr[list[Math.floor(u * list.length)]!]! };
  }

  private product(prod: number, packs: number, day: number): Dispensing['product'] {
    const products = this.nation.products;
    const out: Dispensing['product'] = { varenr: products.varenr[prod]!, packs };
    const aup = aupOn(products, prod, day);
    if (aup !== null) out.aup = round2(aup * packs);
    return out;
  }

  private prescription(e: number, ph: number, cat: number, ord: number, prod: number, t: number, day: number, allowMask: boolean): Dispensing {
    const s = this.model.substances[this.productSub[prod]!]!;
    const p = this.nation.persons;
    const pr = this.nation.prescribers;
    const h = t >= 0 ? this.therapySalt(cat, t) : 0;
    // Therapies keep their choices at every refill; acute use draws afresh.
    const u = t >= 0 ? (k: number): number => unit(h, 10 + k) : (): number => this.rng.next();
    const gp = p.gp[ord]!;
    const hasGp = gp >= 0 && pr.hpr[gp] !== '';
    let prescriber: { hpr: string };
    let byGp = false;
    const share = cat === MULTIDOSE ? 0.9 : cat === ACUTE ? 0.6 : 0.8;
    if (hasGp && u(1) < share) {
      byGp = true;
      prescriber = allowMask && this.rng.next() < MASKED_PRESCRIBER ? { hpr: MASKED_HPR[this.rng.int(0, 1)]! } : { hpr: pr.hpr[gp]! };
    } else {
      const v = u(2);
      const list =
        cat === ACUTE && /^(J01|N02|A01A)/.test(s.atc) && v < 0.15
          ? this.dentists
          : s.atc.startsWith('G03A') && v < 0.3
            ? this.contraception
            : this.doctors;
      prescriber = this.hpr(list, u(3), allowMask);
    }
    let packs: number;
    if (cat === MULTIDOSE) {
      // Fourteen days of one or two tablets a day, from a larger pack.
      packs = round4(Math.max(0.0001, (14 * (u(4) < 0.7 ? 1 : 2)) / this.nation.products.packSize[prod]!));
    } else if (cat === HIGH) packs = 2 + Math.floor(u(4) * 3);
    else {
      const mean = s.usage.packsPerDispensing;
      const base = Math.max(1, Math.floor(mean));
      packs = base + (u(4) < mean - Math.floor(mean) ? 1 : 0);
    }
    const w = u(5);
    const prescriptionType: PrescriptionType = cat === MULTIDOSE ? 'M' : w < 0.94 ? 'E' : w < 0.975 ? 'P' : 'T';
    const d: Dispensing = {
      ref: this.nextRef(ph),
      version: 1,
      kind: 'prescription',
      dispensedOn: isoOfDay(day),
      patient: this.patient(e, allowMask),
      prescriber,
      product: this.product(prod, packs, day),
      prescriptionType,
    };
    if (s.generic) {
      const r = this.rng.next();
      const res = this.model.reservations;
      if (r < 0.1 && res.length > 0) {
        const reserved = ['1', '2', '3'].filter((c) => res.includes(c));
        d.substitution = reserved.length > 0 ? { substituted: false, reservation: reserved[Math.floor(this.rng.next() * reserved.length)]! } : { substituted: false };
      } else {
        d.substitution = res.includes('0') ? { substituted: this.rng.next() < 0.45, reservation: '0' } : { substituted: this.rng.next() < 0.45 };
      }
    }
    d.reimbursement = this.reimbursement(s, byGp, u);
    return d;
  }

  /** Blue prescription (with a legal basis and a diagnosis), H-prescription, or white. */
  private reimbursement(s: SubstanceModel, byGp: boolean, u: (k: number) => number): NonNullable<Dispensing['reimbursement']> {
    const hint = s.usage.reimbursement;
    const pickCode = (codes: readonly string[], v: number): string => codes[Math.floor(v * codes.length)]!;
    if (/^(L01|L04)/.test(s.atc) && u(6) < 0.6) {
      return s.icd10.length > 0 ? { scheme: 'h', icd10: pickCode(s.icd10, u(7)) } : { scheme: 'h' };
    }
    if (hint && u(8) < hint.share) {
      const out: NonNullable<Dispensing['reimbursement']> = { scheme: 'blue' };
      const basis = u(9) < 0.85 ? '200' : '100';
      if (this.model.legalBasis.includes(basis)) out.legalBasis = basis;
      const preferIcpc = byGp ? u(10) < 0.85 : u(10) < 0.2;
      if (preferIcpc && s.icpc2.length > 0) out.icpc2 = pickCode(s.icpc2, u(11));
      else if (s.icd10.length > 0) out.icd10 = pickCode(s.icd10, u(11));
      else if (s.icpc2.length > 0) out.icpc2 = pickCode(s.icpc2, u(11));
      return out;
    }
    return { scheme: 'white' };
  }

  private animal(e: number, ph: number, prod: number, species: number, day: number): Dispensing {
    const s = this.model.substances[this.productSub[prod]!]!;
    const p = this.nation.persons;
    return {
      ref: this.nextRef(ph),
      version: 1,
      kind: 'prescription',
      dispensedOn: isoOfDay(day),
      // The owner: the number only; birth date, sex and municipality are masked.
      patient: { id: fmtId(p.idNumber[this.plan.idRow[e]!]!) },
      animal: { species: s.species[species] ?? s.species[0]! },
      prescriber: this.hpr(this.vets, this.rng.next(), false),
      product: this.product(prod, 1 + (this.rng.next() < 0.15 ? 1 : 0), day),
      prescriptionType: this.rng.next() < 0.85 ? 'E' : 'P',
      reimbursement: { scheme: 'white' },
    };
  }

  private service(e: number, ph: number, prod: number, k: number, day: number, allowMask: boolean): Dispensing {
    return {
      ref: this.nextRef(ph),
      version: 1,
      kind: 'service',
      dispensedOn: isoOfDay(day),
      patient: this.patient(e, allowMask),
      product: this.product(prod, 1, day),
      service: { type: this.model.services[k]!.type },
    };
  }

  private requisition(e: number, ph: number, prod: number, day: number, allowMask: boolean): Dispensing {
    return {
      ref: this.nextRef(ph),
      version: 1,
      kind: 'requisition',
      dispensedOn: isoOfDay(day),
      patient: this.patient(e, allowMask),
      prescriber: this.hpr(this.doctors, this.rng.next(), allowMask),
      product: this.product(prod, 1 + (this.rng.next() < 0.3 ? 1 : 0), day),
    };
  }

  /** A plain white e-prescription on a day outside the person's life or the register (date rules). */
  private special(e: number, today: number): Dispensing {
    const plan = this.plan;
    const base = plan.base[e]!;
    const ord = plan.ord[e]!;
    const day = plan.day[e]!;
    const p = this.nation.persons;
    const codes = this.nation.codes;
    let patient: Patient;
    if (base === BASE_DEAD) {
      const dead = this.nation.dead;
      patient = { id: fmtId(dead.number[ord]!), birthDate: isoOfDay(dead.birth[ord]!) };
      if (this.sexOk) patient.sex = dead.sex[ord] === 2 ? '2' : '1';
      const m = dead.muni[ord]!;
      if (m >= 0 && codeValid(codes, '3402', codes.municipalities[m]!, day)) patient.municipality = codes.municipalities[m]!;
    } else {
      // Future: the person as registered then; before the register or birth: today's number, no municipality.
      const at = base === BASE_FUTURE ? day : base === BASE_DEAD_MAIN ? p.death[ord]! : today;
      patient = { id: fmtId(p.idNumber[identityAt(p, ord, at)]!), birthDate: isoOfDay(p.birth[ord]!) };
      if (this.sexOk) patient.sex = p.sex[ord] === 2 ? '2' : '1';
      const r = residenceAt(p, ord, at);
      if ((base === BASE_FUTURE || base === BASE_DEAD_MAIN) && r >= 0 && codeValid(codes, '3402', codes.municipalities[p.resMuni[r]!]!, day)) {
        patient.municipality = codes.municipalities[p.resMuni[r]!]!;
      }
    }
    return {
      ref: this.nextRef(plan.pharm[e]!),
      version: 1,
      kind: 'prescription',
      dispensedOn: isoOfDay(day),
      patient,
      prescriber: this.hpr(this.doctors, this.rng.next(), false),
      product: this.product(plan.prod[e]!, 1, day),
      prescriptionType: 'E',
      reimbursement: { scheme: 'white' },
    };
  }
}
