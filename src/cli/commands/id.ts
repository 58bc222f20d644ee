import type { Command } from 'commander';
import { checkIdentityNumber } from '../../identity/index.js';
import { action } from '../command.js';

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split('\n')[0]!.trim();
}

export function register(program: Command): void {
  const id = program.command('id').description('identity numbers: national id, D-, H- and FH-numbers');
  id.command('check')
    .description('validate and classify an identity number; prints kind, synthetic, birth date and sex (never the number)')
    .argument('<number>', "an 11-digit identity number or a masked value; '-' reads it from stdin (keeps it out of the process list and shell history)")
    .action(
      action(async ({ out }, value: string) => {
        const r = checkIdentityNumber(value === '-' ? await firstLineOfStdin() : value);
        out.result(r, () =>
          r.valid
            ? `valid ${r.kind ?? ''}${r.synthetic ? ' (synthetic)' : ''}${r.birthDate ? `, born ${r.birthDate}` : ''}${r.sex ? `, ${r.sex}` : ''}${r.reason ? ` (${r.reason})` : ''}`
            : `invalid: ${r.reason ?? 'unknown reason'}`,
        );
      }),
    );
}
