import { checkIdentityNumber } from '../../identity/index.js';
import type { Dispensing } from '../../intake/message/message.js';
import type { SIMULATED_RULES } from '../../intake/rules/catalogue.js';
import type { Rng } from '../../shared/random.js';
import type { Codes } from './nation.js';

/**
 * Breaking one error rule on purpose. Each function takes a valid dispensing (of the base the planner
 * chose for the rule) and changes exactly what the rule is about, so that the dispensing breaks that
 * rule and no other error rule. The date rules, `version.conflict` and `cancel.unknown` need their
 * dispensing chosen with care (a person born after the date, a dead person, an earlier dispensing)
 * and are arranged by the simulator; here they only get their finishing touch.
 */

export type SimulatedRule = (typeof SIMULATED_RULES)[number];

/** Codes that are in no version of their list, found once per run. */
export interface BadCodes {
  municipality: string;
  sex: string;
  reservation: string;
  legalBasis: string;
  icd10: string;
  icpc2: string;
  service: string;
  species: string;
}

function unused(codes: Codes, oid: string, candidates: readonly string[]): string {
  const list = codes.lists.get(oid);
  const free = candidates.find((c) => !list?.has(c));
  if (free === undefined) throw new Error(`no unused code among the candidates for list ${oid}`);
  return free;
}

export function badCodes(codes: Codes): BadCodes {
  return {
    municipality: unused(codes, '3402', ['9999', '9998', '9997', '9990', '0000']),
    sex: unused(codes, '3101', ['M', 'K', '3', '5']),
    reservation: unused(codes, '99792', ['7', '8', '6', '5', '4']),
    legalBasis: unused(codes, '7427', ['999', '998', '990', '099']),
    icd10: unused(codes, '7110', ['U999', 'X999', 'Y999', 'Q999', 'V999']),
    icpc2: unused(codes, '7170', ['A00', 'B00', 'D00', 'K00', 'X00']),
    service: unused(codes, '99794', ['77', '88', '55', '66']),
    species: unused(codes, '99775', ['77', '88', '55', '66']),
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');
/** 2024-03-07 → 07.03.2024: a real date in a format the message does not allow. */
export const norwegianDate = (iso: string): string => `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}`;

/** The same identity number with its last check digit changed so that it no longer checks. */
export function corruptIdentityNumber(id: string): string {
  const last = id.charCodeAt(10) - 48;
  for (let k = 1; k < 10; k++) {
    const candidate = id.slice(0, 10) + String((last + k) % 10);
    if (!checkIdentityNumber(candidate).valid) return candidate;
  }
  return id.slice(0, 9) + pad((Number(id.slice(9)) + 50) % 100);
}

/** A six-digit varenr that is no pack in FEST. */
export function unknownVarenr(all: ReadonlySet<string>, rng: Rng): string {
  for (;;) {
    const v = String(rng.int(900_000, 999_999));
    if (!all.has(v)) return v;
  }
}

export interface BreakContext {
  bad: BadCodes;
  rng: Rng;
  allVarenr: ReadonlySet<string>;
  /** A legal basis valid on the dispensing date, for the reimbursement rules that need a blue prescription. */
  legalBasis: string | undefined;
}

type Loose = Record<string, unknown>;

/** The dispensing with another version (and, for a cancellation, `cancelled: true`), keys in message order. */
export function reheaded(d: Dispensing, version: number, cancelled: boolean): Dispensing {
  const out: Loose = { ref: d.ref, version, kind: d.kind };
  if (cancelled) out.cancelled = true;
  for (const [k, v] of Object.entries(d)) if (k !== 'ref' && k !== 'version' && k !== 'kind' && k !== 'cancelled') out[k] = v;
  return out as unknown as Dispensing;
}

/**
 * Changes a valid dispensing so that it breaks `rule`. The rules that need a special dispensing
 * (dates, version.conflict) must get one from the planner; their change here is the last step.
 */
export function breakRule(rule: SimulatedRule, d: Dispensing, ctx: BreakContext): Dispensing {
  const loose = d as unknown as Loose;
  switch (rule) {
    case 'dispensing.required': {
      // The varenr is gone (product.unknown is not asked when there is no varenr).
      const product = { ...d.product } as Loose;
      delete product.varenr;
      loose.product = product;
      return d;
    }
    case 'dispensing.type':
      // Packs as a string: a type error, and the pack rules do not read a string.
      (loose.product as Loose).packs = String(d.product.packs);
      return d;
    case 'dispensing.ref':
      d.ref = `${d.ref}#`;
      return d;
    case 'dispensing.version':
      d.version = 0;
      return d;
    case 'dispensing.kind':
      loose.kind = 'otc';
      return d;
    case 'date.format':
      d.dispensedOn = norwegianDate(d.dispensedOn);
      return d;
    case 'date.missing':
      d.dispensedOn = '0001-01-01';
      return d;
    case 'date.future':
    case 'date.before-register':
    case 'date.before-birth':
    case 'date.after-death':
      // The planner chose the person and the date; the dispensing is already on it.
      return d;
    case 'patient.id.invalid':
      d.patient.id = corruptIdentityNumber(d.patient.id);
      return d;
    case 'patient.birth-date':
      if (d.patient.birthDate) d.patient.birthDate = norwegianDate(d.patient.birthDate);
      return d;
    case 'patient.sex':
      d.patient.sex = ctx.bad.sex;
      return d;
    case 'patient.municipality':
      d.patient.municipality = ctx.bad.municipality;
      return d;
    case 'prescriber.required':
      delete d.prescriber;
      return d;
    case 'prescriber.hpr':
      d.prescriber = { hpr: `H${d.prescriber?.hpr ?? '1234567'}` };
      return d;
    case 'product.unknown':
      d.product.varenr = unknownVarenr(ctx.allVarenr, ctx.rng);
      delete d.product.aup;
      return d;
    case 'packs.positive':
      // A return sent as negative packs instead of a cancellation.
      d.product.packs = -d.product.packs;
      return d;
    case 'packs.plausible':
      d.product.packs = ctx.rng.int(1000, 5000);
      delete d.product.aup;
      return d;
    case 'price.negative':
      d.product.aup = -(d.product.aup && d.product.aup > 0 ? d.product.aup : 10);
      return d;
    case 'price.plausible':
      d.product.aup = 10_000_001 + ctx.rng.int(0, 89_999_999);
      return d;
    case 'prescription-type':
      loose.prescriptionType = 'X';
      return d;
    case 'reservation.code':
      d.substitution = { substituted: false, reservation: ctx.bad.reservation };
      return d;
    case 'reimbursement.scheme':
      d.reimbursement = { scheme: 'green' as 'white' };
      return d;
    case 'reimbursement.legal-basis':
      d.reimbursement = { ...(d.reimbursement?.scheme === 'blue' ? d.reimbursement : { scheme: 'blue' }), legalBasis: ctx.bad.legalBasis };
      return d;
    case 'reimbursement.icd10':
      d.reimbursement = { scheme: 'blue', ...(ctx.legalBasis ? { legalBasis: ctx.legalBasis } : {}), icd10: ctx.bad.icd10 };
      return d;
    case 'reimbursement.icpc2':
      d.reimbursement = { scheme: 'blue', ...(ctx.legalBasis ? { legalBasis: ctx.legalBasis } : {}), icpc2: ctx.bad.icpc2 };
      return d;
    case 'service.type':
      d.service = { type: ctx.bad.service };
      return d;
    case 'animal.species':
      d.animal = { species: ctx.bad.species };
      return d;
    case 'version.conflict':
      // The planner re-sends an earlier dispensing with the same ref and version and other content.
      return d;
    case 'cancel.unknown':
      // A cancellation of a ref this pharmacy never sent.
      return reheaded(d, 2, true);
  }
}
