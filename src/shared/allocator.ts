/**
 * DuckDB's allocator (its own jemalloc) zero-fills every allocation (`zero:true`) in every process of
 * the register but two kinds, whose DuckDB never holds a message's text or a plain identity number.
 *
 * Why: DuckDB writes some blocks of a store's file with gaps it has not cleared: in one block of the
 * dispensing store, about 900 bytes between a string segment's strings and its offsets. A gap holds
 * whatever its memory held before. When the intake parsed messages in the process that wrote the
 * stores, a 10 M ingest on jemalloc's defaults left 389 fragments of pharmacies' messages, each with a
 * national identity number, in `dispensing.duckdb`; with zero fill, none. Zero fill is dear (that
 * ingest took 559 s instead of 212–220 s), so the intake now parses and splits in a process of its own
 * (intake/pipeline/parser.ts), and the processes that need no zero fill run without it:
 *
 * - `lmr ingest`: it only ingests, and its DuckDB sees digests, never numbers or message text;
 * - the parser process, which writes no store: only Parquet files, written sequentially, without gaps.
 *
 * Every other command (reference imports of the population register, the simulator, linkage, the
 * server with its demo build) may hold numbers in DuckDB's memory while it writes a store, and
 * zero-fills. jemalloc reads its settings when DuckDB first allocates, so this module is imported
 * before anything that loads DuckDB (first in cli/main.ts). Other settings given in
 * DUCKDB_JE_MALLOC_CONF are kept.
 */
import { settingsFor } from './jemalloc.js';

process.env.DUCKDB_JE_MALLOC_CONF = settingsFor(process.argv.slice(2), process.env.DUCKDB_JE_MALLOC_CONF);
