import { attachDispensingStore } from '../dispensing/store.js';
import { Vault } from '../identity/index.js';
import { openReferenceStore } from '../reference/store.js';
import type { DataLayout } from '../shared/config.js';
import { transaction, type Store } from '../shared/duckdb.js';
import { LmrError, issue } from '../shared/outcome.js';

/**
 * The register's stores in one process: one DuckDB instance on the reference store with the
 * dispensing store attached (so intake joins reference data and writes dispensings in one engine and
 * one transaction), and the identity vault in its own file and instance. `close` mirrors `open`.
 */
export interface Register {
  readonly store: Store;
  readonly vault: Vault;
  close(): void;
}

export async function openRegister(layout: DataLayout): Promise<Register> {
  // DuckDB's two instances stay within 2.5 GB together (LMR_MEMORY, LMR_VAULT_MEMORY), so that with
  // the intake's chunks in JavaScript (one staged per lane, one read) the process stays well under
  // 4 GiB whatever the input's size (3.3 GiB measured at 10 M dispensings; at 2.5 GB for the register
  // it was 3.9 GiB, and no faster).
  // No spilling: the intake's temporary tables hold plain identity numbers until each chunk's split,
  // and DuckDB would write them to its temporary directory under memory pressure. A chunk that does
  // not fit fails (and is retried, then stopped with an event) instead.
  const store = await openReferenceStore(layout.referenceDb, { memoryLimit: process.env.LMR_MEMORY ?? '2GB', spill: false });
  let vault: Vault | undefined;
  try {
    await attachDispensingStore(store, layout.dispensingDb);
    vault = await Vault.open(layout, { memoryLimit: process.env.LMR_VAULT_MEMORY ?? '512MB' });
    await applyIdMerges(store, vault);
  } catch (err) {
    vault?.close();
    store.close();
    throw err;
  }
  const v = vault;
  return {
    store,
    vault: v,
    close() {
      v.close();
      store.close();
    },
  };
}

/**
 * Re-keys the dispensing store after the vault merged two ids (a D-number and a national identity
 * number found to be one person): every merge not yet applied is applied once, in order.
 */
export async function applyIdMerges(store: Store, vault: Vault): Promise<number> {
  const merges = await vault.merges();
  if (merges.length === 0) return 0;
  const conn = store.conn;
  const done = (await conn.runAndReadAll(`SELECT count(*)::INTEGER FROM dispensing.applied_merge`)).getRowsJS()[0]![0] as number;
  const pending = merges.slice(done);
  if (pending.length === 0) return 0;
  await transaction(conn, async () => {
    for (const m of pending) {
      const column = m.role === 'patient' ? 'patient_id' : m.role === 'prescriber' ? 'prescriber_id' : null;
      if (column === null) throw new LmrError(issue('exception', 'unknown role in an identity merge'));
      await conn.run(`UPDATE dispensing.dispensing SET ${column} = $to WHERE ${column} = $from`, { to: m.to, from: m.from });
      await conn.run(`INSERT INTO dispensing.applied_merge VALUES ($role, $from, $to, now()::TIMESTAMP)`, { role: m.role, from: m.from, to: m.to });
    }
  });
  return pending.length;
}
