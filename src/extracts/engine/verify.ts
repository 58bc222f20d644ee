import { lstat, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { JWK } from 'jose';
import { decryptFile, sha256File } from '../../shared/envelope.js';
import { LmrError, issue, type Issue } from '../../shared/outcome.js';
import { verifyDetached } from '../../shared/signature.js';
import { MANIFEST, MANIFEST_FORMAT, SIGNATURE, type Manifest, type ManifestFile } from './manifest.js';

/**
 * `lmr extract verify DIR`: checks a delivery as its recipient would. The manifest's signature against
 * the register's published keys (a JWKS); that every file the manifest names is there, with its size
 * and SHA-256, and nothing else is; the row count of every data file it can read; and, given the
 * recipient's private key, that every encrypted file decrypts (its GCM tag holds) to the plaintext the
 * manifest names, with its rows. Every problem is reported, each with the file and the rule.
 */

export interface VerifyResult {
  ok: boolean;
  dir: string;
  project: string | null;
  dataState: string | null;
  signedBy: string | null;
  files: number;
  decrypted: boolean;
  problems: Issue[];
}

const problem = (file: string, message: string, rule: string): Issue => issue('invalid', message, { path: file, rule, location: { file } });

/** A file name a delivery may hold: a plain name in the folder, never a path. */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** The manifest's file list, checked before anything is read or written on its word. */
function manifestProblems(m: Manifest): string[] {
  const out: string[] = [];
  m.files.forEach((f: unknown, i) => {
    const file = f as Partial<ManifestFile> | null;
    const ok =
      file !== null && typeof file === 'object' && typeof file.name === 'string' && SAFE_NAME.test(file.name) && typeof file.sha256 === 'string' &&
      typeof file.bytes === 'number' && ['csv', 'parquet', 'json'].includes(String(file.format)) && (file.rows === null || typeof file.rows === 'number') &&
      (file.plain === undefined || (typeof file.plain === 'object' && typeof file.plain.name === 'string' && SAFE_NAME.test(file.plain.name) && typeof file.plain.sha256 === 'string' && typeof file.plain.bytes === 'number'));
    if (!ok) out.push(`files[${i}] is not a file entry with a plain name, format, rows, bytes and SHA-256`);
  });
  return out;
}

/** Data rows of a plaintext CSV or Parquet file, read with DuckDB. */
async function dataRows(path: string, format: ManifestFile['format']): Promise<number> {
  const db = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await db.connect();
  try {
    const from = format === 'csv' ? `read_csv('${path.replaceAll("'", "''")}', header = true, all_varchar = true)` : `read_parquet('${path.replaceAll("'", "''")}')`;
    return Number((await conn.runAndReadAll(`SELECT count(*) FROM ${from}`)).getRowsJS()[0]![0]);
  } finally {
    conn.closeSync();
    db.closeSync();
  }
}

/** Checks the rows of a plaintext file against the manifest (the codebook must parse). */
async function checkContent(path: string, f: ManifestFile, shownAs: string, problems: Issue[]): Promise<void> {
  try {
    if (f.format === 'json') {
      JSON.parse(await readFile(path, 'utf8'));
      return;
    }
    const rows = await dataRows(path, f.format);
    if (rows !== f.rows) problems.push(problem(shownAs, `${shownAs} has ${rows} rows; the manifest says ${String(f.rows)}`, 'verify.rows'));
  } catch {
    problems.push(problem(shownAs, `${shownAs} cannot be read as ${f.format}`, 'verify.rows'));
  }
}

export async function verifyExtract(dir: string, options: { keys: { keys: JWK[] }; privateKeyPem?: string }): Promise<VerifyResult> {
  const problems: Issue[] = [];
  const result = (m: Manifest | null, signedBy: string | null, decrypted: boolean): VerifyResult => ({
    ok: problems.length === 0, dir, project: m?.project.id ?? null, dataState: m?.dataState ?? null, signedBy, files: m?.files.length ?? 0, decrypted, problems,
  });
  let bytes: Buffer;
  let manifest: Manifest;
  try {
    bytes = await readFile(join(dir, MANIFEST));
  } catch {
    throw new LmrError(issue('not-found', `${dir} holds no ${MANIFEST}: not an lmr delivery`, { path: MANIFEST, rule: 'verify.manifest' }));
  }
  try {
    manifest = JSON.parse(bytes.toString('utf8')) as Manifest;
    if (manifest.format !== MANIFEST_FORMAT || !Array.isArray(manifest.files) || typeof manifest.project !== 'object') throw new Error('format');
  } catch {
    problems.push(problem(MANIFEST, `${MANIFEST} is not an ${MANIFEST_FORMAT} manifest`, 'verify.manifest'));
    return result(null, null, false);
  }
  const malformed = manifestProblems(manifest);
  if (malformed.length > 0) {
    for (const m of malformed) problems.push(problem(MANIFEST, m, 'verify.manifest'));
    return result(null, null, false);
  }
  let signedBy: string | null = null;
  try {
    const jws = (await readFile(join(dir, SIGNATURE), 'utf8')).trim();
    signedBy = (await verifyDetached(jws, bytes, options.keys)).kid;
  } catch (err) {
    const why = err instanceof LmrError ? err.outcome.issues[0]?.message ?? 'invalid' : `${SIGNATURE} is missing`;
    problems.push(problem(SIGNATURE, `the manifest's signature does not hold: ${why}`, 'verify.signature'));
  }
  const present = new Set(await readdir(dir));
  const listed = new Set([MANIFEST, SIGNATURE, ...manifest.files.map((f) => f.name)]);
  for (const name of [...present].sort()) if (!listed.has(name)) problems.push(problem(name, `${name} is not in the manifest`, 'verify.extra'));

  // Decrypt only what the register signed: a delivery whose signature fails is not opened.
  const scratch = options.privateKeyPem && manifest.encryption && signedBy !== null ? await mkdtemp(join(tmpdir(), 'lmr-verify-')) : null;
  try {
    for (const f of manifest.files) {
      const path = join(dir, f.name);
      if (!present.has(f.name)) {
        problems.push(problem(f.name, `${f.name} is missing`, 'verify.missing'));
        continue;
      }
      if (!(await lstat(path)).isFile()) {
        problems.push(problem(f.name, `${f.name} is not a regular file`, 'verify.type'));
        continue;
      }
      const h = await sha256File(path);
      if (h.bytes !== f.bytes || h.sha256 !== f.sha256) {
        problems.push(problem(f.name, `${f.name} has changed: ${h.bytes} bytes, SHA-256 ${h.sha256.slice(0, 16)}…; the manifest says ${f.bytes} bytes, ${f.sha256.slice(0, 16)}…`, 'verify.hash'));
        continue;
      }
      if (!f.plain) {
        await checkContent(path, f, f.name, problems);
      } else if (scratch && options.privateKeyPem) {
        const plainPath = join(scratch, `plain-${String(manifest.files.indexOf(f))}`);
        try {
          const d = await decryptFile(path, plainPath, options.privateKeyPem);
          if (d.sha256 !== f.plain.sha256 || d.bytes !== f.plain.bytes) problems.push(problem(f.name, `${f.name} decrypts to content other than the manifest names`, 'verify.plain'));
          else await checkContent(plainPath, f, f.name, problems);
        } catch (err) {
          problems.push(problem(f.name, `${f.name} does not decrypt: ${err instanceof LmrError ? err.outcome.issues[0]?.message ?? 'invalid' : 'unreadable'}`, 'verify.decrypt'));
        } finally {
          await rm(plainPath, { force: true });
        }
      }
    }
  } finally {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
  return result(manifest, signedBy, scratch !== null);
}
