/**
 * The HTTP API reference (OpenAPI 3.1), served at /api/openapi.json. A test checks that every route
 * the app mounts is described here.
 */
const issueSchema = {
  type: 'object',
  required: ['severity', 'code', 'message'],
  properties: {
    severity: { enum: ['fatal', 'error', 'warning', 'information'] },
    code: { type: 'string', description: 'invalid, required, value, structure, not-found, forbidden, login, conflict, too-large, unavailable, exception' },
    path: { type: 'string', description: 'the field path the issue is about' },
    message: { type: 'string' },
    rule: { type: 'string', description: 'the id of the rule that raised it' },
    location: { type: 'object', properties: { file: { type: 'string' }, line: { type: 'integer' }, element: { type: 'string' } } },
  },
};

const errorResponse = {
  description: 'An outcome: the request id and the issues',
  content: {
    'application/json': {
      schema: { type: 'object', properties: { requestId: { type: 'string' }, issues: { type: 'array', items: { $ref: '#/components/schemas/Issue' } } } },
    },
  },
};

const onParam = { name: 'on', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'the date to evaluate validity or price on; default today' };

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'lmr: national drug register API',
    version: '0.1.0',
    description: 'Health, reference data look-ups. Errors are outcomes with a request id.',
  },
  paths: {
    '/health': {
      get: {
        summary: 'Anonymous health check: store states and reference data counts; no secrets or configuration',
        responses: {
          '200': { description: 'all stores usable', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } },
          '503': { description: 'a store is not usable', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' } } } },
        },
      },
    },
    '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'text exposition format' } } } },
    '/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    '/api/reference/v1/products/{varenr}': {
      get: {
        summary: 'A FEST product by varenr (article number; leading zeros optional)',
        parameters: [{ name: 'varenr', in: 'path', required: true, schema: { type: 'string', pattern: '^\\d{1,6}$' } }, onParam],
        responses: {
          '200': { description: 'the product', content: { 'application/json': { schema: { $ref: '#/components/schemas/Product' } } } },
          '400': errorResponse,
          '404': errorResponse,
        },
      },
    },
    '/api/reference/v1/atc/{code}': {
      get: {
        summary: 'An ATC code at any level, with name, level and parent',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: 'the code', content: { 'application/json': { schema: { $ref: '#/components/schemas/Atc' } } } },
          '400': errorResponse,
          '404': errorResponse,
        },
      },
    },
    '/api/reference/v1/codelists/{oid}/codes/{code}': {
      get: {
        summary: 'Whether a code is valid in a Volven code list on a date',
        parameters: [
          { name: 'oid', in: 'path', required: true, schema: { type: 'string' }, description: 'short (3402) or full OID' },
          { name: 'code', in: 'path', required: true, schema: { type: 'string' } },
          onParam,
        ],
        responses: {
          '200': { description: 'the validation result', content: { 'application/json': { schema: { $ref: '#/components/schemas/CodeValidation' } } } },
          '400': errorResponse,
          '404': errorResponse,
        },
      },
    },
    '/api/reference/v1/stats': {
      get: {
        summary: 'Counts of reference data',
        parameters: [onParam],
        responses: { '200': { description: 'counts', content: { 'application/json': { schema: { $ref: '#/components/schemas/ReferenceStats' } } } } },
      },
    },
  },
  components: {
    schemas: {
      Issue: issueSchema,
      Health: {
        type: 'object',
        properties: {
          status: { enum: ['ok', 'degraded'] },
          uptimeSeconds: { type: 'integer' },
          stores: { type: 'object', additionalProperties: { type: 'object', properties: { status: { enum: ['ok', 'absent', 'error'] } } } },
          referenceData: { type: ['object', 'null'] },
        },
      },
      Product: {
        type: 'object',
        required: ['varenr', 'name', 'atc', 'packSize', 'packUnit', 'ddd', 'dddPerPack', 'aup'],
        properties: {
          varenr: { type: 'string' },
          name: { type: ['string', 'null'] },
          atc: { type: ['string', 'null'] },
          atcName: { type: ['string', 'null'] },
          reseptgruppe: { type: ['string', 'null'] },
          packSize: { type: ['number', 'null'] },
          packUnit: { type: ['string', 'null'] },
          ddd: { oneOf: [{ type: 'null' }, { type: 'object', properties: { value: { type: 'number' }, unit: { type: 'string' } } }] },
          dddPerPack: { type: ['number', 'null'] },
          aup: { type: ['number', 'null'], description: 'retail price (AUP, PrisVare type 5) valid on the date' },
          prices: { type: 'array', items: { type: 'object' } },
        },
      },
      Atc: {
        type: 'object',
        required: ['code', 'name', 'level', 'parent'],
        properties: { code: { type: 'string' }, name: { type: ['string', 'null'] }, level: { type: 'integer', minimum: 1, maximum: 5 }, parent: { type: ['string', 'null'] } },
      },
      CodeValidation: {
        type: 'object',
        required: ['valid'],
        properties: { valid: { type: 'boolean' }, oid: { type: 'string' }, code: { type: 'string' }, on: { type: 'string' }, display: { type: ['string', 'null'] }, reason: { type: ['string', 'null'] } },
      },
      ReferenceStats: {
        type: 'object',
        properties: Object.fromEntries(['persons', 'prescribers', 'pharmacies', 'products', 'atcCodes', 'municipalities', 'counties'].map((k) => [k, { type: 'integer' }])),
      },
    },
  },
} as const;
