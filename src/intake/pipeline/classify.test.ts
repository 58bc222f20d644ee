import { describe, expect, it } from 'vitest';
import { settle, type Arrival } from './classify.js';

const a = (version: number, hash: string, extra: Partial<Arrival> = {}): Arrival => ({
  seq: 0, idx: version, pharmacy: '1001', ref: 'r1', version, cancelled: false, contentHash: hash, heldSchemeHash: hash, heldVersion: null, heldHash: null, ...extra,
});

describe('settle: several arrivals of one key in a chunk', () => {
  it('accepts the first, corrects with a higher version, and only the last effective one is current', () => {
    const v = settle([a(1, 'x'), a(2, 'y'), a(3, 'z', { cancelled: true })]);
    expect(v.map((x) => x.status)).toEqual(['accepted', 'corrected', 'cancelled']);
    expect(v.map((x) => x.isCurrent)).toEqual([false, false, true]);
  });

  it('a resent identical version is a duplicate; a different one is a conflict; an older one is stale', () => {
    const v = settle([a(1, 'x'), a(1, 'x'), a(1, 'q'), a(2, 'y'), a(1, 'x')]);
    expect(v.map((x) => [x.status, x.rule])).toEqual([
      ['accepted', null], ['duplicate', null], ['rejected', 'version.conflict'], ['corrected', null], ['duplicate', 'version.stale'],
    ]);
  });

  it('starts from what the register holds, and rejects a cancellation of nothing', () => {
    expect(settle([a(2, 'x', { heldVersion: 2, heldHash: 'x' }), a(3, 'y', { heldVersion: 2, heldHash: 'x' })]).map((x) => x.status)).toEqual(['duplicate', 'corrected']);
    const v = settle([a(1, 'x', { cancelled: true }), a(1, 'y')]);
    expect(v.map((x) => [x.status, x.rule])).toEqual([['rejected', 'cancel.unknown'], ['accepted', null]]);
  });

  it("compares with the stored row in that row's hash scheme, and with an earlier arrival in the current one", () => {
    // The store holds version 2 hashed in scheme 1 ('old-x'); the arrivals' own hashes are scheme 2.
    const held = { heldVersion: 2, heldHash: 'old-x' };
    const v = settle([a(2, 'x', { ...held, heldSchemeHash: 'old-x' }), a(2, 'y', { ...held, heldSchemeHash: 'old-y' }), a(3, 'z', { ...held, heldSchemeHash: 'old-z' }), a(3, 'z', { ...held, heldSchemeHash: 'old-z' })]);
    expect(v.map((x) => [x.status, x.rule])).toEqual([['duplicate', null], ['rejected', 'version.conflict'], ['corrected', null], ['duplicate', null]]);
  });

  it('keeps keys apart', () => {
    const v = settle([a(1, 'x'), a(1, 'x', { ref: 'r2' }), a(1, 'x', { ref: 'r2' })]);
    expect(v.map((x) => [x.status, x.isCurrent])).toEqual([['accepted', true], ['accepted', true], ['duplicate', false]]);
  });
});
