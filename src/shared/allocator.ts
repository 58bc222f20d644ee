/**
 * DuckDB's allocator (its own jemalloc) returns freed pages to the system after about a second. The
 * intake frees and allocates hundreds of megabytes per chunk, so with that default a national year
 * took 78 million page faults and a sixth of its CPU time in the kernel. Kept for 30 seconds, the
 * pages are reused instead. Read by jemalloc when DuckDB first allocates, so this module is imported
 * before anything that loads DuckDB; an explicit DUCKDB_JE_MALLOC_CONF in the environment wins.
 */
export const ALLOCATOR_DEFAULT = 'dirty_decay_ms:30000,muzzy_decay_ms:30000';

process.env.DUCKDB_JE_MALLOC_CONF ??= ALLOCATOR_DEFAULT;
