import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
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
  /**
   * A new private folder (0700) for an intake's parser process (pipeline/parser.ts): its parsed chunks
   * and its spill. All such folders are emptied when the register opens.
   */
  parserDir(): Promise<string>;
  close(): void;
}

export interface RegisterOptions {
  /**
   * DuckDB threads of the register instance; LMR_THREADS, when set, wins. Default: DuckDB's (one per
   * core). A process that only ingests (`lmr ingest`) asks for one: the intake's lanes are its
   * parallelism, each lane's statements then run on the lane's own thread, and DuckDB's workers no
   * longer compete with the other lane for the cores (10 M dispensings on 2 cores, one thread in both
   * instances: 134 s instead of 159 s, user CPU 212 s instead of 263 s). The vault keeps DuckDB's
   * default: its look-ups run one at a time, for either lane, and use both cores (with one thread
   * there too, the first 1.9 M dispensings of a national year spent 20 s instead of 15 s in it).
   */
  threads?: number;
  /** DuckDB memory limit of the register instance when LMR_MEMORY is not set (default 1800MB). */
  memory?: string;
}

/** LMR_THREADS, when it is a positive whole number. */
function threadsFromEnvironment(): number | undefined {
  const n = Number(process.env.LMR_THREADS);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export async function openRegister(layout: DataLayout, options: RegisterOptions = {}): Promise<Register> {
  const threads = threadsFromEnvironment() ?? options.threads;
  const perInstance = threads !== undefined ? { threads } : {};
  // DuckDB's two instances stay within 2.2 GB together (LMR_MEMORY, LMR_VAULT_MEMORY), so that with
  // the intake's chunks in JavaScript the process stays under 4 GiB whatever the input's size. Until
  // 2026-12-01 this process also parsed the messages: at 2 GB + 512 MB a national year then peaked at
  // 3.7–4.0 GiB, at 1800 MB + 384 MB 3.2 GiB in 816 s once parsed in slices. Now an intake's parser
  // process parses, in 600 MB of its own (pipeline/parser.ts, one chunk at a time), and `lmr ingest`
  // asks for 1100 MB here; both keep freed pages 30 s (shared/jemalloc.ts), so each stays near its own
  // peak: at 10 M dispensings the two processes peaked at 3.2–3.5 GiB together (sampled). The vault's look-ups
  // read only its blind indexes and ids (about 250 MB nationally).
  // Spilling goes to a private folder (0700), emptied at every start. DuckDB needs it: without one, a
  // national year ran out of memory after 19 M dispensings and a failed checkpoint invalidated the
  // dispensing store. Under memory pressure DuckDB may write an intake chunk's temporary tables there;
  // they hold digests, not numbers (the parser process's own spill folder may hold numbers: see
  // parserDir). The folder is wiped when the register opens.
  const spill = join(layout.root, 'intake', 'spill');
  await mkdir(spill, { recursive: true, mode: 0o700 });
  await chmod(spill, 0o700);
  const store = await openReferenceStore(layout.referenceDb, { memoryLimit: process.env.LMR_MEMORY ?? options.memory ?? '1800MB', tempDirectory: spill, ...perInstance });
  // The store is ours now (DuckDB's lock): what an earlier process left in the folder (killed midway) goes.
  for (const f of await readdir(spill)) await rm(join(spill, f), { recursive: true, force: true });
  let vault: Vault | undefined;
  try {
    await attachDispensingStore(store, layout.dispensingDb);
    // No row groups merged at checkpoints. DuckDB's checkpoints (after nearly every intake chunk's
    // commit: its receipts outgrow the 16 MB WAL threshold) "vacuum" by default: adjacent row groups
    // that would fit in fewer are read and written again. In a growing store some of those
    // checkpoints held the single-writer path for 12-38 s (seven or eight in a 60 M ingest, at the
    // same places in the data run after run): an API request arriving then waited as long. Without
    // merges (2026-12-02, 60 M, the same hours): no commit over 12 s, the commits 283 s in all
    // against 384 s, the whole ingest 1,212 s against 1,228 s, and the same store (509 row groups,
    // 231,041 rows on average: DuckDB fills a table's last row group before it starts another).
    // A checkpoint still drops a row group all of whose rows are deleted; partly deleted ones keep
    // their space (intake_message's, where a message processed again replaces its row; in the server,
    // the statistics store's, where a year is built again).
    await store.conn.run('SET max_vacuum_tasks = 0');
    vault = await Vault.open(layout, { memoryLimit: process.env.LMR_VAULT_MEMORY ?? '384MB' });
    await applyIdMerges(store, vault);
  } catch (err) {
    vault?.close();
    store.close();
    throw err;
  }
  const v = vault;
  const parsers = join(layout.root, 'intake', 'parser');
  await rm(parsers, { recursive: true, force: true });
  let parsersMade = 0;
  return {
    store,
    vault: v,
    async parserDir() {
      const dir = join(parsers, String(++parsersMade));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(parsers, 0o700);
      return dir;
    },
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
