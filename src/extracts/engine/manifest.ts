/**
 * The manifest of a delivery (manifest.json), signed by the register (manifest.jws, a detached JWS).
 * It names every file with its row count, size and SHA-256, so a recipient can check that nothing
 * was lost or changed; `lmr extract verify` does. It holds no wall-clock time: re-running an extract
 * against a final release gives the same bytes.
 */

export const MANIFEST = 'manifest.json';
export const SIGNATURE = 'manifest.jws';
export const MANIFEST_FORMAT = 'lmr-extract-1';
export const ENCRYPTED_SUFFIX = '.lmrenc';

export interface ManifestFile {
  name: string;
  /** dispensings | persons | prescribers | codebook */
  unit: string;
  format: 'csv' | 'parquet' | 'json';
  /** data rows (the CSV header not counted); null for the codebook */
  rows: number | null;
  bytes: number;
  sha256: string;
  /** When encrypted: the plaintext's name, size and SHA-256 (checked after decryption). */
  plain?: { name: string; bytes: number; sha256: string };
}

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  project: { id: string; version: number; title: string; approvalReference: string; legalBasis: string; expires: string };
  dataState: string;
  dataAsOf: string | null;
  timeWindow: { from: string; to: string };
  population: unknown;
  dispensingScope: 'matching' | 'all';
  dateShiftDays: number | null;
  counts: { persons: number; prescribers: number; dispensings: number };
  encryption: { alg: 'A256GCM'; keyAlg: 'RSA-OAEP-256'; recipient: string; format: 'lmr-enc-1' } | null;
  files: ManifestFile[];
}

/** The manifest's bytes: JSON with two-space indent and a final newline (what is signed and hashed). */
export function manifestBytes(m: Manifest): Buffer {
  return Buffer.from(JSON.stringify(m, null, 2) + '\n', 'utf8');
}
