import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { exportLinkageKeys, importLinkageKeys } from '../../extracts/linkage.js';
import { applyExtractMerges, openExtractStores } from '../../extracts/store.js';
import { applyIdMerges } from '../../intake/register.js';
import { Vault } from '../../identity/index.js';
import type { DataLayout } from '../../shared/config.js';
import type { Store } from '../../shared/duckdb.js';
import { LmrError, issue } from '../../shared/outcome.js';
import { action } from '../command.js';

/** A PEM file given on the command line (its content never appears in messages). */
export async function readPem(path: string, option: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new LmrError(issue('not-found', `${option}: the key file cannot be read`, { path: option, rule: 'cli.key' }));
  }
}

/** Opens the stores and the vault an extract, key file or sample needs, and closes them after. */
export async function withExtractStores<T>(layout: DataLayout, fn: (store: Store, vault: Vault) => Promise<T>): Promise<T> {
  const store = await openExtractStores(layout);
  try {
    const vault = await Vault.open(layout, { memoryLimit: '256MB' });
    try {
      // Merges the vault made since the stores last saw it (e.g. by a reference import) apply first.
      await applyIdMerges(store, vault);
      await applyExtractMerges(store, await vault.merges());
      return await fn(store, vault);
    } finally {
      vault.close();
    }
  } finally {
    store.close();
  }
}

export function register(program: Command): void {
  const linkage = program.command('linkage').description('distributed linkage with other registers: receive a key file, or coordinate and send one');
  linkage
    .command('import')
    .description("receive: read a coordinating register's key file (identity number → project number) for a project")
    .argument('<project>', 'the project id; its population must be given by a linkage key file')
    .argument('<file>', 'the key file: CSV "fodselsnummer,lopenr", plain or encrypted (lmr-enc-1)')
    .option('--private-key <pem>', "the register's RSA private key the file is encrypted to")
    .addHelpText('after', `
The numbers are resolved in the identity vault and dropped: only internal id → project number is kept.
The project's extracts are then keyed by the coordinating register's numbers, with a linkage report of
the numbers the register does not know. Any bad line refuses the whole file (every problem listed
with its line and rule; never the number). Format: docs/formats/linkage-key-file.md.

--json prints {"projectId","importId","rows","found","notFound","notFoundNumbers"}.`)
    .action(
      action(async ({ layout, out }, projectId: string, file: string, opts: { privateKey?: string }) => {
        const privateKeyPem = opts.privateKey ? await readPem(opts.privateKey, '--private-key') : undefined;
        const r = await withExtractStores(layout, (store, vault) => importLinkageKeys(store, vault, projectId, file, privateKeyPem ? { privateKeyPem } : {}));
        out.result(r, () => `imported ${r.rows} linkage keys for ${r.projectId}: ${r.found} found, ${r.notFound} not known to the register`);
      }),
    );
  linkage
    .command('export')
    .description('coordinate: draw the population from the register, assign project numbers, and send the key file encrypted')
    .argument('<project>', 'the project id')
    .requiredOption('--recipient-key <pem>', "the receiving register's RSA public key (PEM, ≥ 2048 bits)")
    .requiredOption('--out <file>', 'the encrypted key file to write (must not exist)')
    .addHelpText('after', `
The file is an lmr-enc-1 envelope (docs/formats/encrypted-file.md) holding CSV "fodselsnummer,lopenr":
the national identity number valid now (else the latest D-number) and the project number the
register's own extracts to the project use. The numbers are revealed from the vault straight into the
encryption; the reveal and the delivery are logged (lmr disclosures).

--json prints {"projectId","deliveryId","out","persons","recipient","sha256","bytes","dataState"}.`)
    .action(
      action(async ({ layout, out }, projectId: string, opts: { recipientKey: string; out: string }) => {
        const recipientPublicKeyPem = await readPem(opts.recipientKey, '--recipient-key');
        const r = await withExtractStores(layout, (store, vault) => exportLinkageKeys(store, vault, projectId, { recipientPublicKeyPem, out: opts.out }));
        out.result(r, () => `wrote a key file of ${r.persons} persons for ${r.projectId} to ${r.out}, encrypted to ${r.recipient.slice(0, 23)}…`);
      }),
    );
}
