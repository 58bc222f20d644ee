/** DuckDB's jemalloc settings per process (pure; applied by allocator.ts, which says why). */
export const ZERO_FILL = 'zero:true';

/** The commands whose process's DuckDB never holds a plain number or a message's text. */
export const NUMBER_FREE_COMMANDS: readonly string[] = ['ingest'];

const settings = (conf: string | undefined): string[] =>
  (conf ?? '').split(',').map((kv) => kv.trim()).filter((kv) => kv !== '' && !kv.startsWith('zero:'));

/** A jemalloc setting string: the settings given, with zero fill on. */
export function allocatorSettings(conf: string | undefined): string {
  return [...settings(conf), ZERO_FILL].join(',');
}

/** The command of an `lmr` command line (its first word that is neither an option nor --data's value). */
export function commandOf(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--data') i++;
    else if (!a.startsWith('-')) return a;
  }
  return null;
}

/**
 * Freed pages kept 30 s before they go back to the system, in the intake's two processes: `lmr
 * ingest`, whose DuckDB never holds a number, and the parser process, which writes no store (see
 * allocator.ts: kept pages may be reused in the gaps of a store's blocks). DuckDB frees a chunk's
 * tables after every chunk and allocates the next chunk's a few seconds later, and on jemalloc's
 * defaults each of those pages was handed back and faulted in again.
 *
 * And one arena: on its default of one arena per thread (up to 4 per core), pages kept by the thread
 * that freed them were of no use to the one allocating next (the two lanes, DuckDB's and Node's
 * threads), and both processes grew with the kept pages of every arena. On 5 M dispensings, in
 * alternating runs: peaks of 2.8–3.1 GiB for the two processes against 3.4–3.5 GiB, 30 % fewer page
 * faults, and the same CPU time (162–171 s against 165–197 s).
 */
export const KEEP_FREED: readonly string[] = ['dirty_decay_ms:30000', 'muzzy_decay_ms:0', 'narenas:1'];

/** The settings given, without zero fill, with KEEP_FREED's for any of them not given. */
export function keepingFreed(conf: string | undefined): string {
  const given = settings(conf);
  const keys = new Set(given.map((kv) => kv.split(':')[0]));
  return [...given, ...KEEP_FREED.filter((kv) => !keys.has(kv.split(':')[0]))].join(',');
}

/** The setting string for the process running `argv` (process.argv without node and the script). */
export function settingsFor(argv: readonly string[], conf: string | undefined): string {
  const command = commandOf(argv);
  return command !== null && NUMBER_FREE_COMMANDS.includes(command) ? keepingFreed(conf) : allocatorSettings(conf);
}
