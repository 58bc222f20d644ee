import { writeFile } from 'node:fs/promises';
import { messageToBundle } from '../../intake/fhir/index.js';
import type { DispensingMessage } from '../../intake/message/message.js';
import type { DataLayout } from '../../shared/config.js';
import { badRequest } from '../../shared/outcome.js';
import { silentProgress, type Progress } from '../../shared/progress.js';
import { createRng } from '../../shared/random.js';
import { toDay } from '../people/dates.js';
import { LineWriter } from '../people/line-writer.js';
import { buildModel } from './model.js';
import { loadNation } from './nation.js';
import { Simulator, type Truth } from './simulator.js';

export type { Truth } from './simulator.js';
export { MAX_PER_MESSAGE } from './simulator.js';

export type DispensingFormat = 'ndjson' | 'fhir';

export interface DispensingsOptions {
  layout: DataLayout;
  /** The calendar year of the dispensings (from 2004; not after the current year). */
  year: number;
  /** Dispensings in all (valid, invalid, corrections and cancellations). */
  count: number;
  /** Share of the dispensings made invalid on purpose, 0–1. */
  errorRate: number;
  seed: string;
  out: string;
  format?: DispensingFormat;
  /** The day the file is made (default: today, UTC); dispensings are never after it. */
  today?: string;
  progress?: Progress;
}

export interface DispensingsSummary extends Truth {
  out: string;
  truthFile: string;
  format: DispensingFormat;
  year: number;
  messages: number;
  persons: number;
  seconds: number;
}

/** The last complete calendar year. */
export function lastCompleteYear(today = new Date().toISOString().slice(0, 10)): number {
  return Number(today.slice(0, 4)) - 1;
}

/**
 * Writes realistic dispensing messages for the nation imported into `--data`, one message (or FHIR
 * transaction Bundle) per line, and `<out>.truth.json` with what was made on purpose: the number of
 * dispensings, the invalid ones by rule, and the corrections and cancellations. The same seed and
 * nation give the same bytes.
 */
export async function synthDispensings(options: DispensingsOptions): Promise<DispensingsSummary> {
  const started = performance.now();
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const format = options.format ?? 'ndjson';
  const currentYear = Number(today.slice(0, 4));
  if (!Number.isInteger(options.year) || options.year < 2004 || options.year > currentYear) {
    throw badRequest(`the year must be from 2004 (when reporting began) to ${currentYear}`, { path: '--year' });
  }
  if (!Number.isInteger(options.count) || options.count < 0) throw badRequest('must be a whole number ≥ 0', { path: '--count' });
  if (!(options.errorRate >= 0 && options.errorRate <= 1)) throw badRequest('must be a share from 0 to 1', { path: '--error-rate' });
  const progress = options.progress ?? silentProgress;
  const lastDay = Math.min(toDay(`${options.year}-12-31`), toDay(today));
  let nation;
  try {
    nation = await loadNation(options.layout, { year: options.year, lastDay, onStep: (step) => progress.start(`nation: ${step}`, 0) });
  } finally {
    progress.stop();
  }
  const model = buildModel(nation);
  if (model.eligible.length === 0 && options.count > 0) {
    throw badRequest(`no person in the imported nation lived in Norway in ${options.year}`, { path: '--year' });
  }
  const writer = new LineWriter(options.out);
  let messages = 0;
  const emit = async (message: DispensingMessage): Promise<void> => {
    messages++;
    if (writer.add(JSON.stringify(format === 'fhir' ? messageToBundle(message) : message) + '\n')) await writer.flush();
  };
  progress.start('dispensings', options.count);
  let truth: Truth;
  try {
    const sim = new Simulator(nation, model, {
      count: options.count,
      errorRate: options.errorRate,
      seed: options.seed,
      rng: createRng(`${options.seed}/dispensings/${options.year}`),
      emit,
      onDay: (written) => progress.update(written),
    });
    truth = await sim.run();
    await writer.close();
  } catch (err) {
    writer.destroy();
    throw err;
  } finally {
    progress.stop();
  }
  const truthFile = `${options.out}.truth.json`;
  await writeFile(truthFile, JSON.stringify(truth, null, 2) + '\n');
  return {
    out: options.out,
    truthFile,
    format,
    year: options.year,
    ...truth,
    messages,
    persons: model.eligible.length,
    seconds: (performance.now() - started) / 1000,
  };
}
