/**
 * The receipt in FHIR R4 form: a transaction-response Bundle with one entry per request entry, each
 * with an HTTP status and an OperationOutcome, and an OperationOutcome for a whole-message rejection.
 * Pure: the caller chooses the HTTP status of the response itself.
 *
 * Unlike a strict FHIR transaction, the register accepts a message in part: each MedicationDispense
 * entry gets its own status. The other entries (Patient, Practitioner, Organization, Medication, and
 * ignored ones) get the status of the message.
 */
import type { DispensingStatus, MessageStatus, Receipt } from '../message/message.js';
import type { BundleIssue } from './bundle-to-message.js';
import { fhirPathOf } from './paths.js';
import { issueTypeOf } from './rules.js';
import { SYSTEM } from './systems.js';

type Json = Record<string, unknown>;

/** An issue from a receipt or from the Bundle mapping. */
interface AnyIssue {
  severity: 'error' | 'warning';
  rule: string;
  path: string;
  message: string;
}

export const ENTRY_STATUS: Readonly<Record<DispensingStatus, string>> = {
  accepted: '201 Created',
  corrected: '200 OK',
  cancelled: '200 OK',
  duplicate: '200 OK',
  rejected: '422 Unprocessable Entity',
};

const DISPENSING_NOTE: Readonly<Record<DispensingStatus, string>> = {
  accepted: 'The dispensing was accepted',
  corrected: 'The dispensing was corrected: this version replaces the one held',
  cancelled: 'The dispensing was cancelled',
  duplicate: 'The dispensing was already received',
  rejected: 'The dispensing was rejected',
};

const MESSAGE_NOTE: Readonly<Record<MessageStatus, string>> = {
  accepted: 'Processed with the message, which was accepted',
  'partially-accepted': 'Processed with the message, which was partially accepted',
  rejected: 'Rejected with the message',
};

function outcomeIssue(i: AnyIssue): Json {
  return {
    severity: i.severity,
    code: issueTypeOf(i.rule, i.severity),
    details: { coding: [{ system: SYSTEM.rule, code: i.rule }] },
    diagnostics: i.message,
    expression: [fhirPathOf(i.path)],
  };
}

/** An OperationOutcome of the issues (each once); with none, one issue of `note` at `severity`. */
function operationOutcome(issues: readonly AnyIssue[], note: string, severity: 'information' | 'error' = 'information'): Json {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const key = JSON.stringify([i.severity, i.rule, fhirPathOf(i.path), i.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    resourceType: 'OperationOutcome',
    issue: unique.length > 0 ? unique.map(outcomeIssue) : [{ severity, code: severity === 'error' ? 'processing' : 'informational', diagnostics: note }],
  };
}

/**
 * The transaction-response Bundle: entry i answers request entry i. A dispensing entry carries its
 * receipt's issues and the BundleIssues of that dispensing; every entry carries the message-level
 * issues when the message was rejected (else only those not tied to another entry).
 */
export function responseBundle(
  request: { entryCount: number; entryOfDispensing: readonly number[] },
  receipt: Receipt,
  bundleIssues: readonly BundleIssue[],
): Json {
  const dispensingAt = new Map(request.entryOfDispensing.map((entry, d) => [entry, d]));
  const rejected = receipt.status === 'rejected';
  const messageLevel = bundleIssues.filter((i) => i.dispensing === undefined);
  const everywhere: AnyIssue[] = [...(receipt.issues ?? []), ...messageLevel.filter((i) => rejected || i.entry === undefined)];

  const entry = Array.from({ length: Math.max(0, request.entryCount) }, (_, e) => {
    const onThisEntry = messageLevel.filter((i) => i.entry === e);
    const d = dispensingAt.get(e);
    if (d === undefined) {
      const status = rejected ? ENTRY_STATUS.rejected : '200 OK';
      return { response: { status, outcome: operationOutcome([...everywhere, ...onThisEntry], MESSAGE_NOTE[receipt.status]) } };
    }
    const r = receipt.dispensings[d];
    const status: DispensingStatus = rejected ? 'rejected' : (r?.status ?? 'rejected');
    const issues = [...everywhere, ...onThisEntry, ...(r?.issues ?? []), ...bundleIssues.filter((i) => i.dispensing === d)];
    return { response: { status: ENTRY_STATUS[status], outcome: operationOutcome(issues, DISPENSING_NOTE[status]) } };
  });
  return { resourceType: 'Bundle', type: 'transaction-response', entry };
}

/**
 * The OperationOutcome for a message rejected as a whole (for example when the document is not a
 * Bundle, so there are no entries to answer): the message-level issues of the receipt and the Bundle.
 */
export function messageOutcome(receipt: Receipt, bundleIssues: readonly BundleIssue[]): Json {
  const issues = [...(receipt.issues ?? []), ...bundleIssues.filter((i) => i.dispensing === undefined)];
  return receipt.status === 'rejected'
    ? operationOutcome(issues, 'The message was rejected', 'error')
    : operationOutcome(issues, MESSAGE_NOTE[receipt.status]);
}
