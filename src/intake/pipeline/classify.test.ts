import { describe, expect, it } from 'vitest';
import { settle, type Arrival } from './classify.js';

const a = (version: number, hash: string, extra: Partial<Arrival> = {}): Arrival => ({
  seq: 0, idx: version, pharmacy: '1001', ref: 'r1', version, cancelled: false, contentHash: hash, heldVersion: null, heldHash: null, ...extra,
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

  it('keeps keys apart', () => {
    const v = settle([a(1, 'x'), a(1, 'x', { ref: 'r2' }), a(1, 'x', { ref: 'r2' })]);
    expect(v.map((x) => [x.status, x.isCurrent])).toEqual([['accepted', true], ['accepted', true], ['duplicate', false]]);
  });
});
