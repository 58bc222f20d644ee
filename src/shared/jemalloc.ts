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

/** The settings given, without zero fill (for a process whose DuckDB never writes a store: the parser). */
export function withoutZeroFill(conf: string | undefined): string {
  return settings(conf).join(',');
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

/** The setting string for the process running `argv` (process.argv without node and the script). */
export function settingsFor(argv: readonly string[], conf: string | undefined): string {
  const command = commandOf(argv);
  return command !== null && NUMBER_FREE_COMMANDS.includes(command) ? withoutZeroFill(conf) : allocatorSettings(conf);
}
