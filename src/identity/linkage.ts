import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { decryptStream, encryptStream, type EncryptResult } from '../shared/envelope.js';
import { LmrError, issue, type Issue } from '../shared/outcome.js';
import { checkIdentityNumber } from './numbers/identity-number.js';
import type { ExportedIdentity, Vault } from './vault/vault.js';

/**
 * Linkage key files: the one way identity numbers leave or enter the register in bulk, for distributed
 * linkage with another register. A key file maps identity numbers to a project's person numbers
 * (docs/formats/linkage-key-file.md): UTF-8 CSV, header `fodselsnummer,lopenr`, one person a line,
 * normally inside an lmr-enc-1 envelope to the receiving register's RSA key.
 *
 * Numbers exist in plaintext only here, inside the identity context: on import they are resolved to
 * internal ids and dropped; on export they are revealed from the vault straight into the encrypting
 * stream. Problems name the line and the rule, never the number.
 */

export const KEY_FILE_HEADER = 'fodselsnummer,lopenr';
const PROJECT_NUMBER = /^[A-Za-z0-9._-]{1,64}$/;
const BATCH = 50_000;
const MAX_PROBLEMS = 100;
/** A key file line is an 11-digit number and a project number: anything far longer is not a key file. */
const MAX_LINE = 1024;

export interface KeyFileRow {
  line: number;
  projectNumber: string;
  /** The person's internal id; null when the register does not know the number. */
  internalId: bigint | null;
}

/** The first bytes of a file: an envelope starts with its magic. */
async function isEnvelope(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(8);
    const { bytesRead } = await fh.read(b, 0, 8, 0);
    return bytesRead === 8 && b.toString('latin1') === 'LMRENC01';
  } catch {
    return false;
  } finally {
    await fh.close();
  }
}

async function* lines(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of chunks) {
    rest += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      yield rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
    }
    if (rest.length > MAX_LINE) throw new LmrError(issue('structure', `a line of the key file is longer than ${MAX_LINE} characters`, { rule: 'linkage.fields' }));
  }
  rest += decoder.decode();
  if (rest !== '') yield rest.replace(/\r$/, '');
}

/**
 * Reads a key file (an envelope, decrypted with `privateKeyPem`, or plain CSV) and resolves every
 * number to an internal id, handing the rows to `onBatch` in pages. Memory stays at one page: a number
 * given twice is found by the caller as two lines of one internal id. Every problem is collected (up to
 * 100, each with its line and rule) and thrown together at the end, after the whole file was read:
 * the caller stages the rows and commits only when this returns. An envelope's plaintext is
 * authenticated only at its end, so the same holds for a tampered file.
 */
export async function readLinkageKeyFile(
  vault: Vault,
  path: string,
  options: { privateKeyPem?: string },
  onBatch: (rows: KeyFileRow[]) => Promise<void>,
): Promise<{ rows: number; found: number }> {
  let source: AsyncIterable<Buffer>;
  try {
    if (await isEnvelope(path)) {
      if (!options.privateKeyPem) throw new LmrError(issue('required', 'the key file is encrypted: give the private key it is encrypted to (--private-key)', { path: 'private-key', rule: 'linkage.key' }));
      source = (await decryptStream(path, options.privateKeyPem)).chunks;
    } else {
      source = createReadStream(path) as AsyncIterable<Buffer>;
    }
  } catch (err) {
    if (err instanceof LmrError) throw err;
    throw new LmrError(issue('not-found', 'the key file cannot be read', { path: 'file', rule: 'linkage.file' }));
  }
  const problems: Issue[] = [];
  const problem = (line: number, message: string, rule: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(issue('invalid', `line ${line}: ${message}`, { rule, location: { line } }));
    else if (problems.length === MAX_PROBLEMS) problems.push(issue('invalid', 'more problems were found; the first 100 are shown', { rule }));
  };
  let pending: { line: number; number: string; projectNumber: string }[] = [];
  let rows = 0;
  let found = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const ids = await vault.lookup('patient', batch.map((p) => p.number));
    const out = batch.map((p, i): KeyFileRow => ({ line: p.line, projectNumber: p.projectNumber, internalId: ids[i] ?? null }));
    found += out.filter((r) => r.internalId !== null).length;
    if (problems.length === 0) await onBatch(out);
  };
  let n = 0;
  try {
    for await (const text of lines(source)) {
      n++;
      if (n === 1) {
        if (text.replace(/^\uFEFF/, '').trim() !== KEY_FILE_HEADER) {
          throw new LmrError(issue('structure', `the key file must start with the header '${KEY_FILE_HEADER}'`, { rule: 'linkage.header', location: { line: 1 } }));
        }
        continue;
      }
      if (text.trim() === '') continue;
      const fields = text.split(',');
      if (fields.length !== 2) {
        problem(n, `expected 2 fields (fodselsnummer,lopenr), found ${fields.length}`, 'linkage.fields');
        continue;
      }
      const [number, projectNumber] = [fields[0]!.trim(), fields[1]!.trim()];
      const check = checkIdentityNumber(number);
      if (!check.valid || (check.kind !== 'fnr' && check.kind !== 'dnumber')) {
        problem(n, `fodselsnummer is not a valid national identity number or D-number (${check.reason ?? String(check.kind)})`, 'linkage.number');
        continue;
      }
      if (!PROJECT_NUMBER.test(projectNumber)) {
        problem(n, 'lopenr must be 1–64 letters, digits, ".", "_" or "-"', 'linkage.lopenr');
        continue;
      }
      // A project number that is itself an identity number would carry it into every delivery.
      if (/^[0-9]{11}$/.test(projectNumber) || checkIdentityNumber(projectNumber).valid) {
        problem(n, 'lopenr has the form of an identity number; project numbers must not be identity numbers', 'linkage.lopenr');
        continue;
      }
      pending.push({ line: n, number, projectNumber });
      rows++;
      if (pending.length >= BATCH) await flush();
    }
    await flush();
  } catch (err) {
    if (err instanceof LmrError) throw err;
    throw new LmrError(issue('structure', 'the key file is not UTF-8 text', { rule: 'linkage.encoding' }));
  }
  if (problems.length > 0) throw new LmrError({ issues: problems });
  if (rows === 0) throw new LmrError(issue('invalid', 'the key file holds no persons', { rule: 'linkage.empty' }));
  return { rows, found };
}

/**
 * The number to send for a subject: the national identity number valid now, else the latest D-number.
 * Key files carry only these two kinds (what `readLinkageKeyFile` accepts); a subject with only H- or
 * FH-numbers is left out and counted as missing.
 */
function currentNumber(identities: readonly ExportedIdentity[]): string | undefined {
  const usable = identities.filter((i) => i.kind === 'fnr' || i.kind === 'dnumber');
  const open = usable.filter((i) => i.to === null);
  return (open.find((i) => i.kind === 'fnr') ?? usable.findLast((i) => i.kind === 'fnr') ?? open.at(-1) ?? usable.at(-1))?.number;
}

/**
 * Writes a key file for the subjects given (pages of internal id → project number) straight into an
 * envelope to `recipientPublicKeyPem`: each page's numbers are revealed from the vault (recorded in its
 * reveal log with `purpose`) and never written in plaintext. Memory holds one page. Subjects the vault
 * does not hold, or holds with no national identity number or D-number, are counted as missing.
 */
export async function writeLinkageKeyFile(
  vault: Vault,
  pages: AsyncIterable<readonly { internalId: bigint; projectNumber: string }[]>,
  recipientPublicKeyPem: string,
  dst: string,
  purpose: string,
): Promise<EncryptResult & { persons: number; missing: number }> {
  let persons = 0;
  let given = 0;
  // The vault pushes pages; the envelope pulls chunks: a pipe between them, with back-pressure.
  const pipe = new PassThrough();
  const encrypting = encryptStream(pipe, dst, recipientPublicKeyPem, 'linkage-keys.csv');
  encrypting.catch((err: unknown) => pipe.destroy(err instanceof Error ? err : new Error('encryption failed')));
  const write = async (text: string): Promise<void> => {
    if (text !== '' && !pipe.write(text)) await once(pipe, 'drain');
  };
  try {
    await write(KEY_FILE_HEADER + '\n');
    for await (const page of pages) {
      given += page.length;
      const numbers = new Map(page.map((p) => [p.internalId, p.projectNumber]));
      const groups = new Map<bigint, ExportedIdentity[]>();
      await vault.revealMany('patient', [...numbers.keys()], purpose, (rows) => {
        for (const row of rows) {
          const g = groups.get(row.internalId);
          if (g) g.push(row);
          else groups.set(row.internalId, [row]);
        }
      });
      let text = '';
      for (const [id, identities] of groups) {
        const number = currentNumber(identities);
        const projectNumber = numbers.get(id);
        if (number === undefined || projectNumber === undefined) continue;
        persons++;
        text += `${number},${projectNumber}\n`;
      }
      await write(text);
    }
    pipe.end();
  } catch (err) {
    pipe.destroy(err instanceof Error ? err : new Error('reveal failed'));
    await encrypting.catch(() => undefined);
    throw err;
  }
  const r = await encrypting;
  return { ...r, persons, missing: given - persons };
}
