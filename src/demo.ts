import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importReference, sourcesInDir } from './reference/reference-import.js';
import { referenceStats } from './reference/lookups.js';
import { openReferenceStore } from './reference/store.js';
import type { DataLayout } from './shared/config.js';
import { terminalProgress } from './shared/progress.js';
import { synthNation } from './synth/nation.js';

/**
 * The embedded default's demo: on an empty data directory, synthesise a nation and import it through
 * the same import pipeline real sources use. Does nothing when the register already holds persons.
 */
export async function ensureDemo(layout: DataLayout, options: { persons: number; seed?: string }): Promise<void> {
  const store = await openReferenceStore(layout.referenceDb);
  let persons: number;
  try {
    persons = (await referenceStats(store.conn)).persons;
  } finally {
    store.close();
  }
  if (persons > 0) return;
  // The sources are written outside the data directory and deleted after the import.
  const dir = join(await mkdtemp(join(tmpdir(), 'lmr-demo-')), 'nation');
  process.stderr.write(`lmr: empty register: building a demo nation of ${options.persons} synthetic persons…\n`);
  try {
    await synthNation({ persons: options.persons, seed: options.seed ?? 'demo', out: dir, asOf: '2025-01-01', progress: terminalProgress() });
    await importReference(layout, sourcesInDir(dir), terminalProgress());
  } finally {
    // The source files hold (synthetic) identity numbers; only the vault may keep them.
    await rm(join(dir, '..'), { recursive: true, force: true });
  }
}
