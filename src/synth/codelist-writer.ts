import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One concept of a synthetic Volven list, before it is written as a FHIR CodeSystem. */
export interface ConceptSpec {
  code: string;
  display: string;
  effectiveFrom?: string | null;
  effectiveTo?: string | null;
  parent?: string;
  level?: number;
  county?: string;
  replacedBy?: string;
  nameEnglish?: string;
}

export interface CodeListSpec {
  /** Short OID, e.g. `3402`; the full OID is `2.16.578.1.12.4.1.1.<oid>`. */
  oid: string;
  name: string;
  title: string;
  version: string;
  concepts: readonly ConceptSpec[];
}

export const VOLVEN_OID_PREFIX = '2.16.578.1.12.4.1.1.';

/** Writes a code list as `<dir>/<oid>.json`, in the FHIR CodeSystem shape described in docs/formats. */
export async function writeCodeList(dir: string, spec: CodeListSpec): Promise<void> {
  await mkdir(dir, { recursive: true });
  const concept = spec.concepts.map((c) => {
    const property: Record<string, unknown>[] = [];
    if (c.effectiveFrom !== undefined) property.push({ code: 'effectiveFrom', valueDate: c.effectiveFrom });
    if (c.effectiveTo !== undefined) property.push({ code: 'effectiveTo', valueDate: c.effectiveTo });
    if (c.parent !== undefined) property.push({ code: 'parent', valueCode: c.parent });
    if (c.level !== undefined) property.push({ code: 'level', valueInteger: c.level });
    if (c.county !== undefined) property.push({ code: 'county', valueCode: c.county });
    if (c.replacedBy !== undefined) property.push({ code: 'replacedBy', valueString: c.replacedBy });
    if (c.nameEnglish !== undefined) property.push({ code: 'nameEnglish', valueString: c.nameEnglish });
    return property.length ? { code: c.code, display: c.display, property } : { code: c.code, display: c.display };
  });
  const resource = {
    resourceType: 'CodeSystem',
    url: `urn:oid:${VOLVEN_OID_PREFIX}${spec.oid}`,
    identifier: [{ system: 'urn:ietf:rfc:3986', value: `urn:oid:${VOLVEN_OID_PREFIX}${spec.oid}` }],
    name: spec.name,
    title: spec.title,
    version: spec.version,
    status: 'active',
    content: 'complete',
    count: concept.length,
    concept,
  };
  await writeFile(join(dir, `${spec.oid}.json`), JSON.stringify(resource, null, 1) + '\n');
}
