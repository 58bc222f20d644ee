import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importReference, sourcesInDir } from './reference/reference-import.js';
import { referenceStats } from './reference/lookups.js';
import { openReferenceStore } from './reference/store.js';
import type { DataLayout } from './shared/config.js';
import { terminalProgress } from './shared/progress.js';
import { synthNation } from './synth/nation.js';
import { lastCompleteYear, synthDispensings } from './synth/dispensings/index.js';
import { openRegister } from './intake/register.js';
import { IntakeService } from './intake/service.js';
import { dispensingStats } from './dispensing/stats.js';

/** Demo dispensings per person and year (Norway's level is about 11; fewer keep the first start near a minute). */
const DEMO_DISPENSINGS_PER_PERSON_YEAR = 6;

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
  if (persons === 0) await demoNation(layout, options);
  await demoDispensings(layout, options);
}

async function demoNation(layout: DataLayout, options: { persons: number; seed?: string }): Promise<void> {
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

/**
 * Two years of dispensings for the demo nation, through the same intake pipeline as the API (when the
 * dispensing store is empty). The simulated files are written outside the data directory and deleted.
 */
async function demoDispensings(layout: DataLayout, options: { persons: number; seed?: string }): Promise<void> {
  let persons: number;
  const register = await openRegister(layout);
  try {
    const stats = await dispensingStats(register.store.conn);
    if (stats.versions > 0 || stats.messages > 0) return;
    persons = (await referenceStats(register.store.conn)).persons;
  } finally {
    register.close();
  }
  const last = lastCompleteYear();
  const dir = await mkdtemp(join(tmpdir(), 'lmr-demo-dispensings-'));
  try {
    for (const year of [last - 1, last]) {
      const out = join(dir, `dispensings-${year}.ndjson`);
      process.stderr.write(`lmr: simulating and ingesting the demo's dispensings for ${year}…\n`);
      // The simulator reads the nation (and the vault's numbers) itself, so the register is open only to ingest.
      await synthDispensings({ layout, year, count: persons * DEMO_DISPENSINGS_PER_PERSON_YEAR, errorRate: 0.01, seed: options.seed ?? 'demo', out, progress: terminalProgress() });
      const reg = await openRegister(layout);
      try {
        const intake = await IntakeService.create(reg);
        try {
          const { summary } = await intake.ingestFile(out, { client: null, channel: 'file', receipts: false });
          process.stderr.write(`lmr: ${summary.dispensings} dispensings: ${summary.accepted} accepted, ${summary.rejected} rejected, ${summary.corrected} corrected, ${summary.cancelled} cancelled\n`);
        } finally {
          intake.close();
        }
      } finally {
        reg.close();
      }
      await rm(out, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
