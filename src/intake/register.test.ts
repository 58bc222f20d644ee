import { mkdir, readdir, stat, rm, writeFile, mkdtemp } from 'node:fs/promises';
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
  delete process.env.LMR_THREADS;
  await rm(root, { recursive: true, force: true });
});

describe('the register instance', () => {
  it('spills only into its private folder, which it empties when it opens', async () => {
    const spill = join(root, 'intake', 'spill');
    await mkdir(spill, { recursive: true });
    await writeFile(join(spill, 'left-by-a-killed-process.block'), 'MARKER');
    process.env.LMR_MEMORY = '64MB';
    const register = await openRegister(dataLayout(root));
    try {
      expect((await stat(spill)).mode & 0o777).toBe(0o700);
      expect(await readdir(spill)).toEqual([]);
      // A temporary table larger than the limit, like an intake chunk's under pressure: it spills, here only.
      await register.store.conn.run(`CREATE TEMP TABLE t AS SELECT 'MARKER' || lpad(range::VARCHAR, 11, '0') || repeat('x', 60) AS line FROM range(3000000)`);
      expect((await readdir(spill)).length).toBeGreaterThan(0);
      const elsewhere = (await readdir(root, { recursive: true })).filter((f) => f.includes('.tmp') && !f.startsWith(join('intake', 'spill')));
      expect(elsewhere).toEqual([]);
    } finally {
      register.close();
    }
  });

  it("does not merge row groups at a checkpoint (DuckDB's vacuum stalled the intake's commits)", async () => {
    const register = await openRegister(dataLayout(root));
    try {
      const conn = register.store.conn;
      const rowGroups = async (): Promise<number> =>
        Number((await conn.runAndReadAll(`SELECT count(DISTINCT row_group_id) FROM pragma_storage_info('dispensing.rg_probe')`)).getRowsJS()[0]![0]);
      await conn.run(`CREATE TABLE dispensing.rg_probe AS SELECT range AS i FROM range(1000000)`);
      await conn.run('CHECKPOINT dispensing');
      const before = await rowGroups();
      expect(before).toBeGreaterThanOrEqual(3);
      // Four rows in five gone from every row group: what is left would fit in one. DuckDB's default
      // would merge them at this checkpoint, reading and writing every row left again.
      await conn.run(`DELETE FROM dispensing.rg_probe WHERE i % 5 <> 0`);
      await conn.run('CHECKPOINT dispensing');
      expect(await rowGroups()).toBe(before);
      expect(Number((await conn.runAndReadAll(`SELECT count(*) FROM dispensing.rg_probe`)).getRowsJS()[0]![0])).toBe(200000);
      // A row group all of whose rows are gone is still dropped.
      await conn.run(`DELETE FROM dispensing.rg_probe WHERE i < (SELECT max(i) FROM dispensing.rg_probe) - 100`);
      await conn.run('CHECKPOINT dispensing');
      expect(await rowGroups()).toBeLessThan(before);
    } finally {
      register.close();
    }
  });

  it('runs the threads it is asked for (one for a bulk ingest), LMR_THREADS winning', async () => {
    const threads = async (options: Parameters<typeof openRegister>[1]): Promise<number> => {
      const register = await openRegister(dataLayout(root), options);
      try {
        return Number((await register.store.conn.runAndReadAll(`SELECT current_setting('threads')`)).getRowsJS()[0]![0]);
      } finally {
        register.close();
      }
    };
    expect(await threads(undefined)).toBeGreaterThanOrEqual(1);
    expect(await threads({ threads: 1 })).toBe(1);
    process.env.LMR_THREADS = '3';
    expect(await threads({ threads: 1 })).toBe(3);
    expect(await threads(undefined)).toBe(3);
    process.env.LMR_THREADS = 'many';
    expect(await threads({ threads: 1 })).toBe(1);
  });
});
