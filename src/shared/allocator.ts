/**
 * DuckDB's allocator (its own jemalloc) returns freed pages to the system after about a second. The
 * intake frees and allocates hundreds of megabytes per chunk, so with that default a national year
 * took 78 million page faults and 299 s of system CPU. Freed pages are kept dirty for 30 seconds and
 * reused instead; once they go, they go at once (no "muzzy" stage, whose pages still count as
 * resident). National year, measured (dirty/muzzy seconds): 30/30 801 s at peak RSS 3.91 GiB; 30/0
 * 825 s at 3.61 GiB; 10/0 858 s at 3.37 GiB. Read by jemalloc when DuckDB first allocates, so this
 * module is imported before anything that loads DuckDB; an explicit DUCKDB_JE_MALLOC_CONF wins.
 */
export const ALLOCATOR_DEFAULT = 'dirty_decay_ms:30000,muzzy_decay_ms:0';

process.env.DUCKDB_JE_MALLOC_CONF ??= ALLOCATOR_DEFAULT;
