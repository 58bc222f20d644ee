import { describe, expect, it } from 'vitest';
import { allocatorSettings } from './allocator.js';

describe('allocatorSettings', () => {
  it('turns zero fill on when nothing is set', () => {
    expect(allocatorSettings(undefined)).toBe('zero:true');
    expect(allocatorSettings('')).toBe('zero:true');
  });
  it('keeps the other settings given, but never lets zero fill be turned off', () => {
    expect(allocatorSettings('dirty_decay_ms:1000,zero:false,narenas:2')).toBe('dirty_decay_ms:1000,narenas:2,zero:true');
  });
});
