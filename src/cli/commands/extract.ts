import { existsSync } from 'node:fs';
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { JWK } from 'jose';
import { runExtract } from '../../extracts/engine/run.js';
import { verifyExtract } from '../../extracts/engine/verify.js';
import { listDisclosures } from '../../extracts/disclosures.js';
import { openExtractsStore } from '../../extracts/store.js';
import { readPem, withExtractStores } from './linkage.js';
import { Vault } from '../../identity/index.js';
import { decryptFile } from '../../shared/envelope.js';
import type { DataLayout } from '../../shared/config.js';
import { LmrError, issue } from '../../shared/outcome.js';
import { action } from '../command.js';

/** The keys to verify a signature with: a JWKS file (as published), else the local register's. */
async function signingKeys(file: string | undefined, layout: DataLayout): Promise<{ keys: JWK[] }> {
  if (file) {
    const parsed = JSON.parse(await readPem(file, '--keys')) as { keys?: JWK[] };
    if (!Array.isArray(parsed.keys)) throw new LmrError(issue('invalid', '--keys must be a JWKS: {"keys": [...]}', { path: '--keys', rule: 'verify.keys' }));
    return { keys: parsed.keys };
  }
  // Never create a register to verify with: a recipient without one gives the published keys.
  if (!existsSync(layout.vaultDb)) {
    throw new LmrError(issue('not-found', `no register at ${layout.root}: give the register's published keys (--keys, from /api/extracts/v1/signing-keys)`, { path: '--keys', rule: 'verify.keys' }));
  }
  const vault = await Vault.open(layout, { memoryLimit: '128MB' });
  try {
    return await vault.signingKeys();
  } finally {
    vault.close();
  }
}

export function register(program: Command): void {
  const extract = program.command('extract').description('research extracts for approved projects: deliver, verify, decrypt');
  extract
    .command('run')
    .description('deliver an approved project its extract: data files (CSV and Parquet per unit), codebook, signed manifest')
    .argument('<project>', 'the project id (lmr project register)')
    .requiredOption('--out <dir>', 'the delivery folder (must not exist, or be empty)')
    .addHelpText(
      'after',
      `
Writes one file per unit as approved (dispensings, persons, prescribers), each as .csv and .parquet,
holding exactly the approved variables at their approved levels; codebook.json (descriptions, code
lists, counts); manifest.json (rows, sizes, SHA-256 of every file) and manifest.jws (the register's
detached Ed25519 signature). Persons and prescribers appear only as project-specific numbers. With a
recipient key in the application, every file is encrypted to it (AES-256-GCM, key wrapped with
RSA-OAEP-256; docs/formats/encrypted-file.md). The delivery is recorded in the disclosure log.

Against a final release, a re-run gives the same bytes (unencrypted) or the same plaintext.

--json prints {"projectId","projectVersion","deliveryId","out","dataState","dataAsOf","persons",
"prescribers","dispensings","files":[{"name","rows","sha256"}],"encryptedTo","signedBy","seconds"}.`,
    )
    .action(
      action(async ({ layout, out }, projectId: string, opts: { out: string }) => {
        const r = await withExtractStores(layout, (store, vault) => runExtract(store, vault, projectId, { out: opts.out, scratch: join(dirname(layout.extractsDb), 'scratch') }));
        out.result(r, () =>
          `delivered ${r.projectId} (version ${r.projectVersion}, ${r.dataState}) to ${r.out}: ${r.persons} persons, ${r.dispensings} dispensings, ${r.files.length} files${r.encryptedTo ? `, encrypted to ${r.encryptedTo.slice(0, 23)}…` : ''}, in ${r.seconds.toFixed(1)} s`,
        );
      }),
    );
  extract
    .command('verify')
    .description("check a delivery: the manifest's signature, every file's size and SHA-256, rows, and nothing extra")
    .argument('<dir>', 'the delivery folder')
    .option('--keys <jwks>', "the register's public signing keys (JWKS, as served at /api/extracts/v1/signing-keys); default: this register's")
    .option('--private-key <pem>', "the recipient's private key: also decrypt every file and check its plaintext and rows")
    .addHelpText('after', `
Exits 0 when everything holds, else 1 with every problem listed (file and rule: verify.signature,
verify.hash, verify.missing, verify.extra, verify.rows, verify.decrypt, ...).

--json prints {"ok","dir","project","dataState","signedBy","files","decrypted","problems":[...]}.`)
    .action(
      action(async ({ layout, out }, dir: string, opts: { keys?: string; privateKey?: string }) => {
        const keys = await signingKeys(opts.keys, layout);
        const privateKeyPem = opts.privateKey ? await readPem(opts.privateKey, '--private-key') : undefined;
        const r = await verifyExtract(dir, { keys, ...(privateKeyPem ? { privateKeyPem } : {}) });
        out.result(r, () =>
          r.ok
            ? `${dir}: verified: ${r.files} files, signed by ${r.signedBy ?? '?'}${r.decrypted ? ', decrypted and checked' : ''}`
            : `${dir}: FAILED\n${r.problems.map((p) => `  ${p.path ?? ''}: ${p.message} [${p.rule ?? ''}]`).join('\n')}`,
        );
        if (!r.ok) process.exitCode = 1;
      }),
    );
  extract
    .command('decrypt')
    .description('for a recipient: decrypt the files of a delivery with your private key')
    .argument('<dir>', 'the delivery folder')
    .requiredOption('--private-key <pem>', 'your RSA private key (PEM)')
    .requiredOption('--out <dir>', 'where to write the plaintext files')
    .action(
      action(async ({ out }, dir: string, opts: { privateKey: string; out: string }) => {
        const pem = await readPem(opts.privateKey, '--private-key');
        await mkdir(opts.out, { recursive: true });
        const written: { name: string; sha256: string }[] = [];
        for (const name of (await readdir(dir)).filter((n) => n.endsWith('.lmrenc')).sort()) {
          const r = await decryptFile(join(dir, name), join(opts.out, name.slice(0, -'.lmrenc'.length)), pem);
          written.push({ name: r.name, sha256: r.sha256 });
        }
        out.result({ files: written }, () => `decrypted ${written.length} files to ${opts.out}`);
      }),
    );
}

export function registerDisclosures(program: Command): void {
  program
    .command('disclosures')
    .description('the disclosure log: which deliveries (extracts, key files, samples) went to a project, when, about how many persons')
    .requiredOption('--project <id>', 'the project id')
    .option('--persons', 'also list the internal ids of the persons each delivery was about')
    .addHelpText('after', `
--json prints {"project","deliveries":[{"deliveryId","kind","deliveredAt","projectVersion",
"approvalReference","dataState","dataAsOf","persons","prescribers","rows","recipient","manifestSha256",
"detail"}]}; with --persons each delivery also has "personIds" (internal ids, never identity numbers).`)
    .action(
      action(async ({ layout, out }, opts: { project: string; persons?: boolean }) => {
        const store = await openExtractsStore(layout.extractsDb);
        try {
          const r = await listDisclosures(store.conn, opts.project, { persons: Boolean(opts.persons) });
          out.result(r, () =>
            r.deliveries.length === 0
              ? `no deliveries to ${opts.project}`
              : r.deliveries.map((d) => `${d.deliveredAt} ${d.kind} ${d.deliveryId}: ${d.persons} persons, ${d.rows} rows (${d.dataState}, approval ${d.approvalReference})`).join('\n'),
          );
        } finally {
          store.close();
        }
      }),
    );
}
