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
  .showHelpAfterError('(run with --help for usage)')
  .configureOutput({ outputError: (str, write) => write(`lmr: ${str.replace(/^error: /, '').trim()}\n`) })
  .exitOverride();

const modules: Record<string, () => Promise<{ register(p: Command): void }>> = {
  id: () => import('./commands/id.js'),
  keys: () => import('./commands/keys.js'),
  synth: () => import('./commands/synth.js'),
  reference: () => import('./commands/reference.js'),
  serve: () => import('./commands/serve.js'),
  start: () => import('./commands/serve.js'),
};

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
      process.exit(err.exitCode === 0 || err.code === 'commander.helpDisplayed' || err.code === 'commander.version' ? 0 : 2);
    }
    fail(err, argv.includes('--json'));
  }
}

await main(process.argv.slice(2));
