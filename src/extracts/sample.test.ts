import { describe, expect, it } from 'vitest';
import { LmrError } from '../shared/outcome.js';
import type { Application } from './application.js';
import { narrowerProblems } from './sample.js';

const app = (population: Application['population']): Application =>
  ({ projectId: 'P', population, timeWindow: { from: '2024-01-01', to: '2025-12-31' } }) as unknown as Application;

function refused(a: Application, asked: Partial<Application['population']>): string[] {
  try {
    narrowerProblems(a, asked);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(LmrError);
    return (err as LmrError).outcome.issues.map((i) => `${i.path ?? ''} ${i.rule ?? ''}`);
  }
}

describe("a sample's criteria", () => {
  const approved = app({ atc: ['N02A*', 'N05BA01'], age: { min: 18, max: 80 }, sex: ['2'], county: ['03', '11'] });

  it('may narrow every approved criterion', () => {
    expect(refused(approved, { atc: ['N02AA*', 'N02AJ06', 'N05BA01'], age: { min: 30, max: 40 }, sex: ['2'], county: ['03'], period: { from: '2025-01-01', to: '2025-06-30' } })).toEqual([]);
  });

  it('may not widen any of them, and every widening is named', () => {
    expect(refused(approved, { atc: ['N02*', 'N05BA02'], age: { min: 10, max: 90 }, sex: ['1'], county: ['50'], period: { from: '2020-01-01', to: '2025-01-01' } })).toEqual([
      'atc sample.criteria', 'atc sample.criteria', 'period sample.criteria', 'age sample.criteria', 'age sample.criteria', 'sex sample.criteria', 'county sample.criteria',
    ]);
  });

  it('takes no criteria for a population given by a key file', () => {
    expect(refused(app({ linkageKeyFile: true }), { sex: ['1'] })).toEqual(['criteria sample.criteria']);
    expect(refused(app({ linkageKeyFile: true }), {})).toEqual([]);
  });
});
