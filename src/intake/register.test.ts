import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataLayout } from '../shared/config.js';
import { openRegister } from './register.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'lmr-register-'));
});
afterEach(async () => {
  delete process.env.LMR_MEMORY;
  await rm(root, { recursive: true, force: true });
});

describe('the register instance', () => {
  it('never spills temporary tables to disk: a chunk over the memory limit fails instead', async () => {
    process.env.LMR_MEMORY = '64MB';
    const register = await openRegister(dataLayout(root));
    try {
      // Temporary tables like the intake's, which hold plain numbers until the split.
      await expect(
        register.store.conn.run(`CREATE TEMP TABLE t AS SELECT 'MARKER' || lpad(range::VARCHAR, 11, '0') || repeat('x', 60) AS line FROM range(3000000)`),
      ).rejects.toThrow(/Out of Memory/);
    } finally {
      register.close();
    }
    const written = await readdir(root, { recursive: true });
    expect(written.filter((f) => f.includes('.tmp'))).toEqual([]);
  });
});
