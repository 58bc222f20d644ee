import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '../shared/random.js';
import { silentProgress, type Progress } from '../shared/progress.js';
import { writeDrugCodeLists, writeFest } from './drugs/index.js';
import { writeGeneralCodeLists, writePeople } from './people/index.js';

export interface NationOptions {
  persons: number;
  seed: string;
  out: string;
  /** the population register's extraction date; the nation is as of this day */
  asOf: string;
  progress?: Progress;
}

export interface NationSummary {
  out: string;
  persons: number;
  prescribers: number;
  pharmacies: number;
  gpListEntries: number;
  packs: number;
  substances: number;
  atc5: number;
  seconds: number;
}

/**
 * Writes a synthetic nation's reference sources in the formats real sources are imported from
 * (docs/formats/reference-sources.md). Deterministic for a given seed and as-of date. Every identity
 * number follows the test-population convention (month + 80), so none can be a real person's.
 */
export async function synthNation(options: NationOptions): Promise<NationSummary> {
  const started = Date.now();
  const progress = options.progress ?? silentProgress;
  await mkdir(options.out, { recursive: true });
  const codelists = join(options.out, 'codelists');
  await writeGeneralCodeLists(codelists);
  await writeDrugCodeLists(codelists);
  const fest = await writeFest(join(options.out, 'fest.xml'), createRng(`${options.seed}/fest`), { asOf: options.asOf });
  progress.start('persons', options.persons);
  const people = await writePeople({
    persons: options.persons,
    seed: options.seed,
    outDir: options.out,
    asOf: options.asOf,
    onProgress: (done) => progress.update(done),
  });
  progress.stop();
  return {
    out: options.out,
    ...people,
    packs: fest.packs,
    substances: fest.substances,
    atc5: fest.atc5,
    seconds: (Date.now() - started) / 1000,
  };
}
