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

const bearer = [{ bearer: [] }];
const authErrors = { '401': errorResponse, '403': errorResponse };
const receiptRef = { $ref: '#/components/schemas/Receipt' };

const onParam = { name: 'on', in: 'query', required: false, schema: { type: 'string', format: 'date' }, description: 'the date to evaluate validity or price on; default today' };

const sourceParam = { name: 'source', in: 'path', required: true, schema: { type: 'string', enum: ['lmr'] } };
const tableParam = { name: 'tableId', in: 'path', required: true, schema: { type: 'integer' } };
const langParam = { name: 'lang', in: 'query', schema: { type: 'string', enum: ['nb', 'en'], default: 'nb' } };

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'lmr: national drug register API',
    version: '0.1.0',
    description:
      'Health, reference data look-ups, and the pharmacy intake. Errors are outcomes with a request id. Intake routes (except /api/intake/v1/health) need an OAuth2 bearer JWT (client-credentials style); a pharmacy client reports for its own pharmacy only.',
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
    '/api/open/v1/Common/source': { get: { summary: 'Open statistics (FHI Statistikk Open API): the sources; here one, lmr', parameters: [langParam], responses: { '200': { description: '[{id, title, description, aboutUrl}]' } } } },
    '/api/open/v1/{source}/table': {
      get: {
        summary: 'The tables: 1 the preliminary figures, 1000 and up the final releases',
        parameters: [sourceParam, langParam, { name: 'modifiedAfter', in: 'query', schema: { type: 'string', format: 'date-time' } }],
        responses: { '200': { description: '[{tableId, title, publishedAt, modifiedAt}]' }, '400': errorResponse, '404': errorResponse },
      },
    },
    '/api/open/v1/{source}/table/{tableId}': { get: { summary: 'One table', parameters: [sourceParam, tableParam, langParam], responses: { '200': { description: '{tableId, title, publishedAt, modifiedAt}' }, '404': errorResponse } } },
    '/api/open/v1/{source}/table/{tableId}/query': { get: { summary: 'A ready-to-POST data request listing every category of every dimension', parameters: [sourceParam, tableParam], responses: { '200': { description: '{dimensions:[{code, filter, values}], response:{format, maxRowCount}}' }, '404': errorResponse } } },
    '/api/open/v1/{source}/table/{tableId}/dimension': { get: { summary: 'The dimensions (ATC, AAR, KJONN, ALDER, FYLKE, MEASURE_TYPE) and their categories, hierarchies nested', parameters: [sourceParam, tableParam, langParam], responses: { '200': { description: '{dimensions:[{code, label, categories:[{value, label, children}]}]}' }, '404': errorResponse } } },
    '/api/open/v1/{source}/table/{tableId}/flag': { get: { summary: 'The symbols shown in place of values (: suppressed for privacy, .. not available)', parameters: [sourceParam, tableParam, langParam], responses: { '200': { description: '[{title, text}]' }, '404': errorResponse } } },
    '/api/open/v1/{source}/table/{tableId}/metadata': { get: { summary: 'About the table: definitions, denominators, data state', parameters: [sourceParam, tableParam, langParam], responses: { '200': { description: '{name, paragraphs:[{header, content}]}' }, '404': errorResponse } } },
    '/api/open/v1/{source}/table/{tableId}/data': {
      post: {
        summary: 'Data: filters item, all (with * wildcards), top, bottom per dimension; maxRowCount; formats json-stat2, csv2 (labels) and csv3 (codes)',
        description: 'Cells resting on 1–4 persons, and the cells hidden so that none of those can be recovered by subtraction, have value null and status ":" (JSON-stat) or ":" in CSV. A dimension left out means all its categories.',
        parameters: [sourceParam, tableParam, langParam],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'JSON-stat 2.0 dataset or CSV' }, '400': errorResponse, '404': errorResponse, '413': errorResponse },
      },
    },
    '/statistikk': { get: { summary: 'The public statistics page (Norwegian bokmål; ?lang=en for English): search a drug, choose dimensions, chart, table, CSV', parameters: [langParam], responses: { '200': { description: 'text/html' } } } },
    '/en/statistikk': { get: { summary: 'The public statistics page in English', responses: { '200': { description: 'text/html' } } } },
    '/statistikk/assets/statistikk.css': { get: { summary: "The statistics page's style sheet", responses: { '200': { description: 'text/css' } } } },
    '/statistikk/assets/page.js': { get: { summary: "The statistics page's script (uses only the open API)", responses: { '200': { description: 'text/javascript' } } } },
    '/statistikk/assets/chart.umd.min.js': { get: { summary: 'Chart.js, served from the installed package (no CDN)', responses: { '200': { description: 'text/javascript' } } } },
    '/api/extracts/v1/variables': {
      get: {
        summary: 'The research variable catalogue: name, group, descriptions (nb, en), type, code list, levels of detail, sensitivity, unit, source',
        responses: { '200': { description: '{count, groups, variables:[...], codeLists, detailLevels}' } },
      },
    },
    '/api/extracts/v1/signing-keys': {
      get: {
        summary: "The register's public keys (JWKS, Ed25519) that sign extract manifests: verify a delivery with `lmr extract verify DIR --keys FILE`",
        responses: { '200': { description: 'JWK Set: {"keys":[{"kty":"OKP","crv":"Ed25519","x","kid","alg":"EdDSA","use":"sig"}]}' } },
      },
    },
    '/.well-known/jwks.json': { get: { summary: "The local token issuer's public keys (JWKS); 404 when an external issuer is configured", responses: { '200': { description: 'JWK Set' }, '404': errorResponse } } },
    '/api/intake/v1/health': { get: { summary: 'Anonymous: the intake service is up', responses: { '200': { description: '{"status":"ok"}' } } } },
    '/api/intake/v1/schema': {
      get: { summary: 'The JSON Schema (2020-12) of the dispensing message', security: bearer, responses: { '200': { description: 'JSON Schema' }, ...authErrors } },
    },
    '/api/intake/v1/rules': {
      get: { summary: 'The validation rules: id, severity, level, path, description, source', security: bearer, responses: { '200': { description: '{"rules":[...]}' }, ...authErrors } },
    },
    '/api/intake/v1/messages': {
      post: {
        summary: 'Report dispensings: one message (application/json) or many (application/x-ndjson, one per line); returns a receipt per message',
        description:
          'Each dispensing is validated, split (identity numbers go to the vault only), stored identity-free and acknowledged once committed. Re-sending gives duplicates; a higher version corrects; cancelled: true cancels. A single message refused as a whole gets 400 (message.json, message.schema), 403 (message.client), 409 (message.id-conflict), 413 (message.size) or 422 (message.pharmacy) with its receipt. NDJSON answers NDJSON receipts (or {"receipts":[...]} with Accept: application/json).',
        security: bearer,
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/DispensingMessage' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
        },
        responses: {
          '200': { description: 'receipts', content: { 'application/json': { schema: receiptRef }, 'application/x-ndjson': { schema: { type: 'string' } } } },
          '400': { description: 'the message was refused as a whole', content: { 'application/json': { schema: receiptRef } } },
          '409': { description: 'messageId used by another pharmacy', content: { 'application/json': { schema: receiptRef } } },
          '413': errorResponse,
          '422': { description: 'unknown pharmacy', content: { 'application/json': { schema: receiptRef } } },
          ...authErrors,
        },
      },
    },
    '/api/intake/v1/messages/{messageId}': {
      get: {
        summary: 'Processing status of a message (processing, aborted → retried, done, stopped) and its receipt',
        security: bearer,
        parameters: [{ name: 'messageId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'status', content: { 'application/json': { schema: { $ref: '#/components/schemas/MessageState' } } } }, '404': errorResponse, ...authErrors },
      },
    },
    '/api/intake/v1/fhir': {
      post: {
        summary: 'Report dispensings as an HL7 FHIR R4 transaction Bundle of MedicationDispense (with Patient, Practitioner, Organization, Medication)',
        description: 'Returns a transaction-response Bundle with an OperationOutcome per entry. A correction reuses the identifier with a higher meta.versionId; a cancellation has status entered-in-error.',
        security: bearer,
        requestBody: { required: true, content: { 'application/fhir+json': { schema: { type: 'object' } } } },
        responses: { '200': { description: 'transaction-response Bundle' }, '400': { description: 'OperationOutcome' }, ...authErrors },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      Issue: issueSchema,
      DispensingMessage: { description: 'See GET /api/intake/v1/schema (docs/formats/dispensing-message.schema.json)', type: 'object' },
      Receipt: {
        type: 'object',
        required: ['messageId', 'status', 'dispensings'],
        properties: {
          messageId: { type: ['string', 'null'] },
          status: { enum: ['accepted', 'partially-accepted', 'rejected'] },
          issues: { type: 'array', items: { $ref: '#/components/schemas/ReceiptIssue' } },
          dispensings: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                ref: { type: ['string', 'null'] },
                status: { enum: ['accepted', 'rejected', 'duplicate', 'corrected', 'cancelled'] },
                issues: { type: 'array', items: { $ref: '#/components/schemas/ReceiptIssue' } },
              },
            },
          },
        },
      },
      ReceiptIssue: {
        type: 'object',
        properties: { severity: { enum: ['error', 'warning'] }, rule: { type: 'string' }, path: { type: 'string' }, message: { type: 'string' } },
      },
      MessageState: {
        type: 'object',
        properties: {
          messageId: { type: 'string' },
          pharmacy: { type: ['string', 'null'] },
          status: { enum: ['ready', 'processing', 'aborted', 'done', 'stopped'] },
          attempts: { type: 'integer' },
          receivedAt: { type: 'string' },
          finishedAt: { type: ['string', 'null'] },
          channel: { enum: ['api', 'fhir', 'file'] },
          receipt: { oneOf: [{ type: 'null' }, receiptRef] },
        },
      },
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
