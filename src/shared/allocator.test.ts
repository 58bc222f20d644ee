import { afterEach, describe, expect, it, vi } from 'vitest';

const saved = process.env.DUCKDB_JE_MALLOC_CONF;
afterEach(() => {
  if (saved === undefined) delete process.env.DUCKDB_JE_MALLOC_CONF;
  else process.env.DUCKDB_JE_MALLOC_CONF = saved;
  vi.resetModules();
});

describe('DuckDB allocator settings', () => {
  it('keeps freed pages 30 s unless told otherwise', async () => {
    delete process.env.DUCKDB_JE_MALLOC_CONF;
    vi.resetModules();
    await import('./allocator.js');
    expect(process.env.DUCKDB_JE_MALLOC_CONF).toBe('dirty_decay_ms:30000,muzzy_decay_ms:0');
  });
  it('an explicit setting in the environment wins', async () => {
    process.env.DUCKDB_JE_MALLOC_CONF = 'dirty_decay_ms:1000';
    vi.resetModules();
    await import('./allocator.js');
    expect(process.env.DUCKDB_JE_MALLOC_CONF).toBe('dirty_decay_ms:1000');
  });
  it('is the CLI entry point’s first import, before anything can load DuckDB', async () => {
    const { readFile } = await import('node:fs/promises');
    const main = await readFile(new URL('../cli/main.ts', import.meta.url), 'utf8');
    const imports = main.split('\n').filter((l) => l.startsWith('import '));
    expect(imports[0]).toBe("import '../shared/allocator.js';");
  });
});
