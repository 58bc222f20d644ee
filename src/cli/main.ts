// First: DuckDB's allocator settings for this command (zero fill in all but `ingest`); jemalloc reads them when DuckDB first allocates.
import '../shared/allocator.js';
import { Command, CommanderError, Option } from 'commander';
import { defaultDataDir } from '../shared/config.js';
import { fail } from './output.js';

/**
 * `lmr`: the register's command line. A thin adapter: each command parses its arguments, calls a
 * domain function, and prints the result. Command modules load only when their command runs.
 */

const program = new Command('lmr')
  .description('lmr: a national drug register (dispensings, identity vault, reference data, statistics, extracts)')
  .addOption(new Option('--data <dir>', 'data directory').env('LMR_DATA').default(defaultDataDir()))
  .option('--json', 'machine-readable output on stdout')
  // Commander's own messages quote the offending argument, which could be an identity number typed in
  // the wrong place: they are replaced by fixed text in `main`.
  .configureOutput({ outputError: () => undefined })
  .exitOverride();

const modules: Record<string, () => Promise<{ register(p: Command): void }>> = {
  id: () => import('./commands/id.js'),
  keys: () => import('./commands/keys.js'),
  synth: () => import('./commands/synth.js'),
  reference: () => import('./commands/reference.js'),
  ingest: () => import('./commands/ingest.js'),
  dispensings: () => import('./commands/ingest.js'),
  auth: () => import('./commands/auth.js'),
  stats: () => import('./commands/stats.js'),
  variables: () => import('./commands/variables.js'),
  project: () => import('./commands/project.js'),
  extract: () => import('./commands/extract.js'),
  disclosures: () => import('./commands/disclosures.js'),
  linkage: () => import('./commands/linkage.js'),
  sample: () => import('./commands/sample.js'),
  serve: () => import('./commands/serve.js'),
  start: () => import('./commands/serve.js'),
};

/** Commander errors as fixed text: never quotes what was typed. */
function commanderMessage(err: CommanderError): string {
  switch (err.code) {
    case 'commander.unknownCommand':
      return 'unknown command';
    case 'commander.unknownOption':
      return 'unknown option';
    case 'commander.excessArguments':
      return 'too many arguments';
    case 'commander.invalidArgument':
      return 'invalid argument value';
    case 'commander.missingArgument':
    case 'commander.optionMissingArgument':
    case 'commander.missingMandatoryOptionValue':
    case 'commander.conflictingOption':
      // These name the argument or option, not a value.
      return err.message.replace(/^error: /, '');
    default:
      return 'invalid command line';
  }
}

async function main(argv: string[]): Promise<void> {
  const name = argv.find((a, i) => !a.startsWith('-') && argv[i - 1] !== '--data');
  const wanted = name && modules[name] ? [modules[name]] : Object.values(modules);
  const loaded = new Set<unknown>();
  for (const load of wanted) {
    const m = await load();
    if (!loaded.has(m)) {
      loaded.add(m);
      m.register(program);
    }
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') process.exit(0);
      process.stderr.write(`lmr: ${commanderMessage(err)} (run with --help for usage)\n`);
      process.exit(2);
    }
    fail(err, argv.includes('--json'));
  }
}

await main(process.argv.slice(2));
