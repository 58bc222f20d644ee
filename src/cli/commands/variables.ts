import type { Command } from 'commander';
import { variableCatalogue } from '../../extracts/index.js';
import { action } from '../command.js';

export function register(program: Command): void {
  program
    .command('variables')
    .description('the research variable catalogue: every variable an approved project can get')
    .addHelpText(
      'after',
      `
Each variable has its extract column name, a description in bokmål and English, a type and code list,
the levels of detail allowed, a sensitivity class, its unit (dispensings, persons, prescribers) and
its source. Also served at GET /api/extracts/v1/variables.

--json prints {"count","groups","variables":[...],"codeLists","detailLevels"}.`,
    )
    .action(
      action(async ({ out }) => {
        const c = variableCatalogue();
        out.result(c, () =>
          c.variables
            .map((v) => `${v.name.padEnd(34)} ${v.group.padEnd(14)} ${v.type.padEnd(8)} ${v.sensitivity.padEnd(24)} ${v.levels.join(', ')}`)
            .join('\n'),
        );
        return Promise.resolve();
      }),
    );
}
