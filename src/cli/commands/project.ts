import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { openProjectStore, registerProject } from '../../extracts/projects.js';
import { LmrError, issue } from '../../shared/outcome.js';
import { action } from '../command.js';

export function register(program: Command): void {
  const project = program.command('project').description('approved research projects');
  project
    .command('register')
    .description('check an approved application against its schema and the variable catalogue, and store it')
    .argument('<application>', 'the application, JSON (schema: docs/formats/project-application.schema.json)')
    .addHelpText(
      'after',
      `
Every problem is reported at once, each with its path (variables[3].level, population.period, …) and
rule. Registering the same application again changes nothing; a changed one is stored as a new version
(an amendment).

--json prints {"projectId","version","status":"registered"|"amended"|"unchanged","variables","expires"}.`,
    )
    .action(
      action(async ({ layout, out }, file: string) => {
        let input: unknown;
        try {
          input = JSON.parse(await readFile(file, 'utf8'));
        } catch {
          throw new LmrError(issue('invalid', 'the application is not a readable JSON file', { path: 'application', rule: 'application.json' }));
        }
        const store = await openProjectStore(layout.extractsDb);
        try {
          const r = await registerProject(store.conn, input);
          out.result(r, () => `project ${r.projectId} ${r.status} (version ${r.version}): ${r.variables} variables, expires ${r.expires}`);
        } finally {
          store.close();
        }
      }),
    );
}
