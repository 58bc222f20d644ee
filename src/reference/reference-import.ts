import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Vault } from '../identity/index.js';
import type { DataLayout } from '../shared/config.js';
import { LmrError, issue } from '../shared/outcome.js';
import { silentProgress, type Progress } from '../shared/progress.js';
import { importCodeLists } from './import/codelist-import.js';
import type { ImportReport } from './import/common.js';
import { importFest } from './import/fest-import.js';
import { importPharmacies } from './import/pharmacy-import.js';
import { importPopulation } from './import/population-import.js';
import { importPrescribers } from './import/prescriber-import.js';
import { openReferenceStore } from './store.js';

export type { ImportReport };

export interface ReferenceSources {
  fest?: string;
  population?: string;
  prescribers?: string;
  pharmacies?: string;
  codelists?: string;
}

/** The file names `lmr synth nation` writes and `lmr reference import DIR` looks for. */
export const SOURCE_FILES = {
  fest: 'fest.xml',
  population: 'population.ndjson',
  prescribers: 'prescribers.ndjson',
  pharmacies: 'pharmacies.ndjson',
  codelists: 'codelists',
} as const;

export function sourcesInDir(dir: string): ReferenceSources {
  const found: ReferenceSources = {};
  for (const [k, name] of Object.entries(SOURCE_FILES) as [keyof ReferenceSources, string][]) {
    const p = join(dir, name);
    if (existsSync(p)) found[k] = p;
  }
  if (Object.keys(found).length === 0) {
    throw new LmrError(issue('not-found', `no reference sources in the folder (expected ${Object.values(SOURCE_FILES).join(', ')})`, { location: { file: dir } }));
  }
  return found;
}

/**
 * Imports the given sources in dependency order: code lists (which the others are checked against),
 * FEST, population (identities first, so GP lists can resolve), prescribers, pharmacies. Each source is
 * applied in its own transaction; a source that fails leaves its previous data intact, and the
 * sources after it are not attempted.
 */
export async function importReference(layout: DataLayout, sources: ReferenceSources, progress: Progress = silentProgress): Promise<ImportReport[]> {
  for (const [k, p] of Object.entries(sources) as [string, string | undefined][]) {
    if (p && !existsSync(p)) throw new LmrError(issue('not-found', `${k} source does not exist`, { location: { file: p } }));
  }
  const store = await openReferenceStore(layout.referenceDb);
  const needsVault = Boolean(sources.population ?? sources.prescribers);
  let vault: Vault | undefined;
  const reports: ImportReport[] = [];
  const ctx = { progress };
  try {
    if (needsVault) vault = await Vault.open(layout);
    if (sources.codelists) reports.push(await importCodeLists(store.conn, sources.codelists, ctx));
    if (sources.fest) reports.push(await importFest(store.conn, sources.fest, ctx));
    if (sources.population) reports.push(await importPopulation(store.conn, vault!, sources.population, ctx));
    if (sources.prescribers) reports.push(await importPrescribers(store.conn, vault!, sources.prescribers, ctx));
    if (sources.pharmacies) reports.push(await importPharmacies(store.conn, sources.pharmacies, ctx));
    await store.conn.run('CHECKPOINT');
    return reports;
  } finally {
    vault?.close();
    store.close();
  }
}
