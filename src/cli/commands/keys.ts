import type { Command } from 'commander';
import { Vault } from '../../identity/index.js';
import { action } from '../command.js';

export function register(program: Command): void {
  const keys = program.command('keys').description('the identity vault key ring');
  keys
    .command('rotate')
    .description('add a new master-key version and re-seal every identity number under it, in one transaction')
    .action(
      action(async ({ layout, out }) => {
        const vault = await Vault.open(layout);
        try {
          const r = await vault.rotate();
          out.result(r, () => `re-sealed ${r.rows} identity numbers: key version ${r.from} → ${r.to}`);
        } finally {
          vault.close();
        }
      }),
    );
  keys
    .command('status')
    .description('the active key version and how many numbers are sealed under each version (no key material)')
    .action(
      action(async ({ layout, out }) => {
        const vault = await Vault.open(layout);
        try {
          const s = { ...(await vault.stats()), keySource: vault.keySource };
          out.result(s, () => `active key version ${s.activeKeyVersion} (${s.keySource}); sealed: ${JSON.stringify(s.keyVersions)}`);
        } finally {
          vault.close();
        }
      }),
    );
}
