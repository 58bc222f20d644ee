/**
 * A stateless 32-bit mix (murmur3 finaliser over two words): the stable per-entity randomness of the
 * simulator (a chronic therapy keeps its person, product and prescriber at every refill). The stream
 * randomness comes from `shared/random.ts`; the salt that keys this mix is drawn from it.
 */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1), 0x85ebca6b) ^ (b >>> 7);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) from two words. */
export function unit(a: number, b: number): number {
  return mix(a, b) / 4294967296;
}
