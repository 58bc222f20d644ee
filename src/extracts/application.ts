import { createPublicKey } from 'node:crypto';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { LmrError, issue, type Issue } from '../shared/outcome.js';
import { isLevelAllowed, levelsAllowed, variableByName } from './catalogue.js';

/**
 * An approved application: what a project may receive. JSON, checked by its JSON Schema
 * (docs/formats/project-application.schema.json, the same text as APPLICATION_SCHEMA) and then against
 * the variable catalogue and the rules below. Every problem is reported at once, each with its path.
 */
export interface Application {
  projectId: string;
  title: string;
  legalBasis: string;
  approval: { reference: string; date: string };
  variables: { name: string; level: string }[];
  population: {
    atc?: string[];
    period?: { from: string; to: string };
    age?: { min?: number; max?: number };
    sex?: ('1' | '2')[];
    county?: string[];
    prescriberProfession?: string[];
    /** The population is given by a linkage key file (imported separately) instead of criteria. */
    linkageKeyFile?: boolean;
  };
  timeWindow: { from: string; to: string };
  dataState: { kind: 'preliminary' } | { kind: 'final'; release: string };
  /** Which dispensings of the population are delivered: those matching the ATC criteria (default), or all. */
  dispensingScope?: 'matching' | 'all';
  /** Shift every date of a person by one offset in ±N days (per project and person), before generalising. */
  dateShiftDays?: number;
  recipientPublicKey?: string;
  /**
   * Who may receive identity numbers for the project, in a key file (a coordinating register's
   * counterpart, or the organisation that contacts a survey sample): name and RSA public key.
   */
  keyFileRecipients?: { name: string; publicKey: string }[];
  expires: string;
}

const DATE = { type: 'string', format: 'date' } as const;
const ID = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

export const APPLICATION_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://lmr.example/schemas/project-application.schema.json',
  title: 'lmr approved project application',
  type: 'object',
  additionalProperties: false,
  required: ['projectId', 'title', 'legalBasis', 'approval', 'variables', 'population', 'timeWindow', 'dataState', 'expires'],
  properties: {
    projectId: { type: 'string', pattern: ID, description: 'The project id; also the key of re-deliveries' },
    title: { type: 'string', minLength: 1, maxLength: 500 },
    legalBasis: { type: 'string', minLength: 1, maxLength: 500, description: 'e.g. "helseregisterloven § 19 a–e; GDPR art. 6(1)(e) and 9(2)(j)"' },
    approval: {
      type: 'object', additionalProperties: false, required: ['reference', 'date'],
      properties: { reference: { type: 'string', minLength: 1, maxLength: 200, description: 'e.g. the REK approval number' }, date: DATE },
    },
    variables: {
      type: 'array', minItems: 1, maxItems: 200, uniqueItems: true,
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'level'],
        properties: { name: { type: 'string', pattern: '^[a-z]+(_[a-z0-9]+)+$' }, level: { type: 'string', minLength: 1 } },
      },
    },
    population: {
      type: 'object', additionalProperties: false,
      properties: {
        atc: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Z]([0-9]{2}([A-Z]([A-Z]([0-9]{2})?)?)?)?\\*?$' }, description: 'ATC codes or prefixes ending in *' },
        period: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: DATE, to: DATE }, description: 'dispensed in this period' },
        age: { type: 'object', additionalProperties: false, minProperties: 1, properties: { min: { type: 'integer', minimum: 0, maximum: 130 }, max: { type: 'integer', minimum: 0, maximum: 130 } } },
        sex: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['1', '2'] } },
        county: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[0-9]{2}$' } },
        prescriberProfession: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[A-Z]{2}$' } },
        linkageKeyFile: { type: 'boolean' },
      },
    },
    timeWindow: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: DATE, to: DATE } },
    dataState: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['kind'], properties: { kind: { const: 'preliminary' } } },
        { type: 'object', additionalProperties: false, required: ['kind', 'release'], properties: { kind: { const: 'final' }, release: { type: 'string', pattern: ID } } },
      ],
    },
    dispensingScope: {
      enum: ['matching', 'all'],
      description: "The population's dispensings in the time window delivered: 'matching' the ATC criteria (default), or 'all' (co-medication studies)",
    },
    dateShiftDays: {
      type: 'integer', minimum: 1, maximum: 365,
      description: "Every date of a person is shifted by the same offset in ±N days (stable per project and person), before any generalisation",
    },
    keyFileRecipients: {
      type: 'array', minItems: 1, maxItems: 20,
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'publicKey'],
        properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, publicKey: { type: 'string', description: 'RSA public key (PEM, ≥ 2048 bits)' } },
      },
      description: 'Who may receive identity numbers in a key file for this project (linkage, survey samples), with their RSA keys',
    },
    recipientPublicKey: { type: 'string', description: "The recipient's RSA public key (PEM, ≥ 2048 bits): extract files are encrypted to it" },
    expires: DATE,
  },
} as const;

/** Plain words for the patterns, by path. */
const PATTERN_HINTS: readonly [RegExp, string][] = [
  [/^population\.atc\[/, 'must be an ATC code, or a code prefix ending in * (N02A*, J01CE02)'],
  [/^population\.county\[/, 'must be a two-digit county code'],
  [/^population\.prescriberProfession\[/, 'must be a two-letter profession code (code list 9060, e.g. LE)'],
  [/^variables\[\d+\]\.name$/, 'must be a catalogue variable name such as pasient_fodselsar (lmr variables)'],
  [/^(projectId|dataState\.release)$/, 'must be 1–64 letters, digits, ".", "_" or "-"'],
];

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv, ['date']);
const validateSchema = ajv.compile(APPLICATION_SCHEMA);

/** `/variables/3/name` → `variables[3].name` */
const pathOf = (pointer: string): string =>
  pointer.split('/').filter(Boolean).reduce((p, part) => (/^\d+$/.test(part) ? `${p}[${part}]` : p ? `${p}.${part}` : part), '') || '$';

/**
 * Checks an application: its schema, then the catalogue (every variable known, at a level it allows)
 * and the criteria (periods in order, ages in order, the key an RSA key of ≥ 2048 bits, an expiry after
 * the approval). Returns the application, or throws one LmrError holding every problem.
 */
export function checkApplication(input: unknown, today = new Date().toISOString().slice(0, 10)): Application {
  if (!validateSchema(input)) {
    const issues = (validateSchema.errors ?? []).map((e): Issue => {
      const at = pathOf(e.instancePath);
      const extra = e.keyword === 'additionalProperties' ? `: '${(e.params as { additionalProperty: string }).additionalProperty}'` : e.keyword === 'required' ? `: '${(e.params as { missingProperty: string }).missingProperty}'` : '';
      const hint = e.keyword === 'pattern' ? PATTERN_HINTS.find(([re]) => re.test(at))?.[1] : undefined;
      return issue('invalid', hint ?? `${e.message ?? 'invalid'}${extra}`, { path: at, rule: `application.schema.${e.keyword}` });
    });
    throw new LmrError({ issues });
  }
  const a = input as unknown as Application;
  const issues: Issue[] = [];
  a.variables.forEach((v, i) => {
    const known = variableByName(v.name);
    if (!known) issues.push(issue('invalid', `unknown variable '${v.name}': not in the catalogue (lmr variables)`, { path: `variables[${i}].name`, rule: 'application.variable.unknown' }));
    else if (!isLevelAllowed(v.name, v.level)) {
      issues.push(issue('invalid', `level '${v.level}' is not allowed for ${v.name}; allowed: ${levelsAllowed(v.name).join(', ')}`, { path: `variables[${i}].level`, rule: 'application.variable.level' }));
    }
  });
  const names = a.variables.map((v) => v.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) issues.push(issue('invalid', `variable '${n}' is asked for twice`, { path: `variables[${i}].name`, rule: 'application.variable.repeated' }));
  });
  const ordered = (range: { from: string; to: string } | undefined, path: string): void => {
    if (range && range.from > range.to) issues.push(issue('invalid', `'from' (${range.from}) is after 'to' (${range.to})`, { path, rule: 'application.range' }));
  };
  ordered(a.population.period, 'population.period');
  ordered(a.timeWindow, 'timeWindow');
  const age = a.population.age;
  if (age?.min !== undefined && age.max !== undefined && age.min > age.max) issues.push(issue('invalid', `age min ${age.min} is above max ${age.max}`, { path: 'population.age', rule: 'application.range' }));
  const criteria = ['atc', 'period', 'age', 'sex', 'county', 'prescriberProfession'] as const;
  const hasCriteria = criteria.some((c) => a.population[c] !== undefined);
  if (a.population.linkageKeyFile) {
    // The key file gives the persons; only ATC patterns still apply (to the rows). Other criteria would be silently moot.
    for (const c of criteria.filter((c) => c !== 'atc' && a.population[c] !== undefined)) {
      issues.push(issue('invalid', `a population given by a linkage key file takes no '${c}' criterion (only atc, which selects the rows)`, { path: `population.${c}`, rule: 'application.population' }));
    }
  }
  if (!hasCriteria && !a.population.linkageKeyFile) {
    issues.push(issue('required', 'the population needs criteria (atc, period, age, sex, county, prescriberProfession) or a linkage key file', { path: 'population', rule: 'application.population' }));
  }
  if (a.expires <= today) issues.push(issue('invalid', `the approval expired on ${a.expires}`, { path: 'expires', rule: 'application.expired' }));
  if (a.expires <= a.approval.date) issues.push(issue('invalid', 'the expiry is not after the approval date', { path: 'expires', rule: 'application.range' }));
  const checkKey = (pem: string, path: string, who: string): void => {
    try {
      const key = createPublicKey(pem);
      const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
      if (key.asymmetricKeyType !== 'rsa') issues.push(issue('invalid', `${who} key is ${String(key.asymmetricKeyType)}, not RSA`, { path, rule: 'application.key' }));
      else if (bits < 2048) issues.push(issue('invalid', `${who} RSA key has ${bits} bits; at least 2048 are needed`, { path, rule: 'application.key' }));
    } catch {
      issues.push(issue('invalid', `${who} key is not a PEM public key`, { path, rule: 'application.key' }));
    }
  };
  if (a.recipientPublicKey !== undefined) checkKey(a.recipientPublicKey, 'recipientPublicKey', "the recipient's");
  (a.keyFileRecipients ?? []).forEach((r, i) => checkKey(r.publicKey, `keyFileRecipients[${i}].publicKey`, `${r.name}'s`));
  if (issues.length > 0) throw new LmrError({ issues });
  return a;
}
