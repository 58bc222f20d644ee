import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../pipeline/fields.js';
import { DISPENSING_MESSAGE_SCHEMA } from './schema.js';

describe('the dispensing-message JSON Schema', () => {
  it('is the same in docs/formats as the one served', () => {
    const doc = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../docs/formats/dispensing-message.schema.json'), 'utf8')) as unknown;
    expect(doc).toEqual(JSON.parse(JSON.stringify(DISPENSING_MESSAGE_SCHEMA)));
  });

  it('requires exactly the fields the intake rules require', () => {
    const d = DISPENSING_MESSAGE_SCHEMA.$defs.dispensing;
    const required = [
      ...d.required,
      ...d.properties.patient.required.map((k) => `patient.${k}`),
      ...d.properties.product.required.map((k) => `product.${k}`),
    ].sort();
    expect(required).toEqual(FIELDS.filter((f) => f.required).map((f) => f.path).sort());
  });

  it('describes every field the intake reads', () => {
    const d = DISPENSING_MESSAGE_SCHEMA.$defs.dispensing.properties as Record<string, { properties?: Record<string, unknown> }>;
    for (const f of FIELDS) {
      const [a, b] = f.path.split('.');
      expect(d[a!], f.path).toBeDefined();
      if (b) expect(d[a!]!.properties?.[b], f.path).toBeDefined();
    }
  });
});
