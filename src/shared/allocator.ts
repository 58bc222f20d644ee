/**
 * Every allocation of DuckDB's allocator (its own jemalloc) starts zeroed (`zero:true`).
 *
 * DuckDB writes some blocks of a store's file with gaps it has not cleared: in one block of the
 * dispensing store, about 900 bytes between a string segment's strings and its offsets. A gap holds
 * whatever its memory held before, and in the register's process that can be an intake chunk's
 * message text. Without this setting a 10 M ingest left 389 fragments of pharmacies' messages, each
 * with a national identity number, in `dispensing.duckdb`; with it, none. It costs: the same ingest
 * took 559 s instead of 212–220 s, as jemalloc hands pages back to the system to get zeroed ones
 * (junk-filling freed memory instead was no cheaper at 10 M: see docs/architecture.md). The way to have both is to parse and split in
 * a process of its own, so that the process that writes the stores never holds a plain number.
 *
 * jemalloc reads its settings when DuckDB first allocates, so this module is imported before anything
 * that loads DuckDB (first in cli/main.ts). Other settings given in DUCKDB_JE_MALLOC_CONF are kept;
 * zero fill cannot be turned off.
 */
export const ZERO_FILL = 'zero:true';

/** A jemalloc setting string: the settings given, with zero fill on. */
export function allocatorSettings(conf: string | undefined): string {
  const given = (conf ?? '').split(',').map((kv) => kv.trim()).filter((kv) => kv !== '' && !kv.startsWith('zero:'));
  return [...given, ZERO_FILL].join(',');
}

process.env.DUCKDB_JE_MALLOC_CONF = allocatorSettings(process.env.DUCKDB_JE_MALLOC_CONF);
