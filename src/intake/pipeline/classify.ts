import type { DispensingStatus } from '../message/message.js';

/** One arrival of a key that arrives more than once in a chunk, in arrival order. */
export interface Arrival {
  seq: number;
  idx: number;
  pharmacy: string;
  ref: string;
  version: number;
  cancelled: boolean;
  contentHash: string;
  /** The content hash in the scheme of the row the store holds (see CLASSIFY), to compare with heldHash. */
  heldSchemeHash: string;
  heldVersion: number | null;
  heldHash: string | null;
}

export interface Verdict {
  seq: number;
  idx: number;
  status: DispensingStatus;
  rule: string | null;
  effective: boolean;
  isCurrent: boolean;
}

/**
 * Settles arrivals of one key in order, against what the register held and what the earlier
 * arrivals changed. The same decision table as the SQL for single arrivals (apply.ts CLASSIFY):
 * new → accepted (a cancellation of nothing is rejected); higher version → corrected or cancelled;
 * same version → duplicate if identical, else a version conflict; lower version → stale duplicate.
 */
export function settle(arrivals: readonly Arrival[]): Verdict[] {
  const out: Verdict[] = [];
  let i = 0;
  while (i < arrivals.length) {
    const key = arrivals[i]!;
    // What the key holds: the store's row (compared in its hash scheme), then the last effective arrival.
    let held: { version: number; hash: string; stored: boolean } | null = key.heldVersion === null ? null : { version: key.heldVersion, hash: key.heldHash ?? '', stored: true };
    let lastEffective = -1;
    const start = out.length;
    for (; i < arrivals.length && arrivals[i]!.pharmacy === key.pharmacy && arrivals[i]!.ref === key.ref; i++) {
      const a = arrivals[i]!;
      let status: DispensingStatus;
      let rule: string | null = null;
      if (held === null) {
        if (a.cancelled) {
          status = 'rejected';
          rule = 'cancel.unknown';
        } else status = 'accepted';
      } else if (a.version > held.version) status = a.cancelled ? 'cancelled' : 'corrected';
      else if (a.version === held.version) {
        if ((held.stored ? a.heldSchemeHash : a.contentHash) === held.hash) status = 'duplicate';
        else {
          status = 'rejected';
          rule = 'version.conflict';
        }
      } else {
        status = 'duplicate';
        rule = 'version.stale';
      }
      const effective = status === 'accepted' || status === 'corrected' || status === 'cancelled';
      if (effective) {
        held = { version: a.version, hash: a.contentHash, stored: false };
        lastEffective = out.length;
      }
      out.push({ seq: a.seq, idx: a.idx, status, rule, effective, isCurrent: false });
    }
    if (lastEffective >= start) out[lastEffective]!.isCurrent = true;
  }
  return out;
}
