import { describe, expect, it } from 'vitest';
import { parseSlices, type RawMessage } from './slices.js';

const of = (...sizes: (number | null)[]): RawMessage[] => sizes.map((n) => ({ text: n === null ? null : 'x'.repeat(n) }));

describe('parseSlices', () => {
  it('cuts a chunk into consecutive slices of at most the byte limit, each closed by the message that reaches it', () => {
    expect(parseSlices(of(3, 3, 3, 3, 3), { bytes: 6, messages: 100 })).toEqual([[0, 2], [2, 4], [4, 5]]);
  });
  it('a message larger than the limit is a slice of its own; a too-large message (null) counts no bytes', () => {
    expect(parseSlices(of(1, 50, null, 2), { bytes: 10, messages: 100 })).toEqual([[0, 2], [2, 4]]);
  });
  it('holds at most the message limit per slice', () => {
    expect(parseSlices(of(1, 1, 1, 1, 1), { bytes: 1000, messages: 2 })).toEqual([[0, 2], [2, 4], [4, 5]]);
  });
  it('gives one empty slice for an empty chunk, so the parsed table still exists', () => {
    expect(parseSlices([], { bytes: 10, messages: 10 })).toEqual([[0, 0]]);
  });
});
