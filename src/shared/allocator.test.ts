import { describe, expect, it } from 'vitest';
import { allocatorSettings, commandOf, keepingFreed, settingsFor } from './jemalloc.js';

describe('allocatorSettings', () => {
  it('turns zero fill on when nothing is set', () => {
    expect(allocatorSettings(undefined)).toBe('zero:true');
    expect(allocatorSettings('')).toBe('zero:true');
  });
  it('keeps the other settings given, but never lets zero fill be turned off', () => {
    expect(allocatorSettings('dirty_decay_ms:1000,zero:false,narenas:2')).toBe('dirty_decay_ms:1000,narenas:2,zero:true');
  });
  it('keeping freed pages drops zero fill, keeps the other settings (a decay or arenas given included), in one arena', () => {
    expect(keepingFreed('dirty_decay_ms:1000,zero:true,narenas:2')).toBe('dirty_decay_ms:1000,narenas:2,muzzy_decay_ms:0');
    expect(keepingFreed(undefined)).toBe('dirty_decay_ms:30000,muzzy_decay_ms:0,narenas:1');
  });
});

describe('settingsFor', () => {
  it('finds the command after the global options, skipping the value of --data', () => {
    expect(commandOf(['--data', 'ingest', '--json', 'serve'])).toBe('serve');
    expect(commandOf(['--json', 'ingest', 'file.ndjson'])).toBe('ingest');
    expect(commandOf(['--help'])).toBeNull();
  });
  it('zero-fills every command but ingest, whose DuckDB never holds a number and keeps freed pages 30 s in one arena', () => {
    expect(settingsFor(['--data', 'd', 'ingest', 'f'], 'narenas:2,zero:true')).toBe('narenas:2,dirty_decay_ms:30000,muzzy_decay_ms:0');
    expect(settingsFor(['ingest', 'f'], undefined)).toBe('dirty_decay_ms:30000,muzzy_decay_ms:0,narenas:1');
    // A decay given is kept.
    expect(settingsFor(['ingest', 'f'], 'dirty_decay_ms:1000')).toBe('dirty_decay_ms:1000,muzzy_decay_ms:0,narenas:1');
    for (const argv of [['serve'], ['start'], ['reference', 'import'], ['synth', 'dispensings'], ['--data', 'ingest', 'linkage'], []]) {
      expect(settingsFor(argv, undefined)).toBe('zero:true');
    }
  });
});
