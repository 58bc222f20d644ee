import { resolve } from 'node:path';

/**
 * Where the register keeps its files. Every context gets its own folder under the data directory,
 * so the layout on disk mirrors the bounded contexts (see docs/architecture.md).
 */
export interface DataLayout {
  root: string;
  /** identity vault store: only the identity context opens it */
  vaultDb: string;
  /** the key ring (master keys), when keys come from a file */
  keyFile: string;
  /** reference data store: FEST, code lists, population attributes (no identity numbers) */
  referenceDb: string;
  /** dispensing store: identity-free dispensings, message receipts and intake events */
  dispensingDb: string;
  /** statistics store: the published cube (aggregates with disclosure control), denominators, releases */
  statisticsDb: string;
  /** the project register and (to come) the disclosure log of research extracts */
  extractsDb: string;
  /** the watched drop directory for dispensing files (a file is deleted once split and stored) */
  dropDir: string;
}

export function dataLayout(root: string): DataLayout {
  const r = resolve(root);
  return {
    root: r,
    vaultDb: resolve(r, 'identity', 'vault.duckdb'),
    keyFile: process.env.LMR_KEY_FILE ? resolve(process.env.LMR_KEY_FILE) : resolve(r, 'keys', 'master-keys.json'),
    referenceDb: resolve(r, 'reference', 'reference.duckdb'),
    dispensingDb: resolve(r, 'dispensing', 'dispensing.duckdb'),
    statisticsDb: resolve(r, 'statistics', 'statistics.duckdb'),
    extractsDb: resolve(r, 'extracts', 'extracts.duckdb'),
    dropDir: process.env.LMR_DROP_DIR ? resolve(process.env.LMR_DROP_DIR) : resolve(r, 'intake', 'drop'),
  };
}

/** The data directory: `--data`, else `LMR_DATA`, else `./data`. */
export function defaultDataDir(): string {
  return process.env.LMR_DATA ?? './data';
}
