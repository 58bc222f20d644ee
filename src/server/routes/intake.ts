import { Hono, type Context } from 'hono';
import type { Principal, Verifier } from '../../access/index.js';
import { splitMessages } from '../../intake/files.js';
import { bundleToMessage, responseBundle, messageOutcome } from '../../intake/fhir/index.js';
import { DISPENSING_MESSAGE_SCHEMA } from '../../intake/message/schema.js';
import type { Receipt } from '../../intake/message/message.js';
import { RULES } from '../../intake/rules/catalogue.js';
import type { IntakeService } from '../../intake/service.js';
import type { RawMessage } from '../../intake/pipeline/processor.js';
import { issue, LmrError } from '../../shared/outcome.js';
import { authenticate, type AuthEnv } from '../auth.js';

/** HTTP status of a single message's receipt when the message as a whole was refused. */
const MESSAGE_RULE_STATUS: Record<string, 400 | 403 | 409 | 413 | 422> = {
  'message.json': 400,
  'message.schema': 400,
  'message.size': 413,
  'message.client': 403,
  'message.id-conflict': 409,
  'message.pharmacy': 422,
};

/** Who the sender may report for: a pharmacy client its own pharmacy; staff any; others nobody. */
function clientOf(p: Principal): string | null {
  if (p.kind === 'pharmacy' && p.pharmacy) return p.pharmacy;
  if (p.kind === 'staff') return null;
  throw new LmrError(issue('forbidden', 'this client may not report dispensings'));
}

const NDJSON = 'application/x-ndjson';

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function statusOfSingle(r: Receipt): 200 | 400 | 403 | 409 | 413 | 422 {
  const rule = r.issues?.find((i) => i.severity === 'error')?.rule;
  return rule ? (MESSAGE_RULE_STATUS[rule] ?? 422) : 200;
}

/**
 * The pharmacy intake API. Every route but the health check needs a bearer token; a pharmacy's
 * token reports for that pharmacy only (rule message.client).
 */
export function intakeRoutes(intake: IntakeService, verifier: Verifier): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  r.get('/health', (c) => c.json({ status: 'ok' }));
  r.get('/schema', authenticate(verifier), (c) => c.json(DISPENSING_MESSAGE_SCHEMA));
  r.get('/rules', authenticate(verifier), (c) => c.json({ rules: RULES }));

  r.post('/messages', authenticate(verifier, 'intake:write'), async (c) => {
    const client = clientOf(c.get('principal'));
    const type = mediaType(c);
    if (type === 'application/json') {
      const text = await c.req.text();
      const { receipts } = await intake.ingest([{ text }], { client, channel: 'api', receipts: true });
      const receipt = receipts[0]!;
      return c.json(receipt, statusOfSingle(receipt));
    }
    if (type === NDJSON) {
      const body = c.req.raw.body;
      if (!body) throw new LmrError(issue('required', 'the request body is empty', { rule: 'message.schema' }));
      const { receipts } = await intake.ingest(splitMessages(body as unknown as AsyncIterable<Uint8Array>), { client, channel: 'api', receipts: true });
      if (receipts.length === 0) throw new LmrError(issue('required', 'the request body holds no message', { rule: 'message.schema' }));
      const accept = c.req.header('accept') ?? '';
      if (accept.includes('application/json') && !accept.includes(NDJSON)) return c.json({ receipts });
      return c.body(receipts.map((x) => JSON.stringify(x)).join('\n') + '\n', 200, { 'content-type': NDJSON });
    }
    throw new LmrError(issue('invalid', `send application/json (one message) or ${NDJSON} (one message per line)`, { path: 'content-type' }));
  });

  r.post('/fhir', authenticate(verifier, 'intake:write'), async (c) => {
    const client = clientOf(c.get('principal'));
    const type = mediaType(c);
    if (type !== 'application/fhir+json' && type !== 'application/json') {
      throw new LmrError(issue('invalid', 'send a FHIR transaction Bundle as application/fhir+json', { path: 'content-type' }));
    }
    let bundle: unknown;
    try {
      bundle = JSON.parse(await c.req.text());
    } catch {
      throw new LmrError(issue('structure', 'the body is not well-formed JSON', { rule: 'message.json' }));
    }
    const mapped = bundleToMessage(bundle);
    const fatal = mapped.issues.some((i) => i.severity === 'error' && i.dispensing === undefined);
    const messages: RawMessage[] = mapped.message && !fatal ? [{ text: JSON.stringify(mapped.message) }] : [];
    const empty: Receipt = { messageId: mapped.message?.messageId ?? null, status: 'rejected', issues: [], dispensings: [] };
    const receipt = messages.length ? ((await intake.ingest(messages, { client, channel: 'fhir', receipts: true })).receipts[0] ?? empty) : empty;
    const fhirJson = { 'content-type': 'application/fhir+json' };
    if (!messages.length || mapped.entryCount === 0) return c.body(JSON.stringify(messageOutcome(receipt, mapped.issues)), 400, fhirJson);
    const status = statusOfSingle(receipt);
    return c.body(JSON.stringify(responseBundle(mapped, receipt, mapped.issues)), status, fhirJson);
  });

  r.get('/messages/:messageId', authenticate(verifier, 'intake:read'), async (c) => {
    const p = c.get('principal');
    const state = await intake.status(c.req.param('messageId'), p.kind === 'pharmacy' ? (p.pharmacy ?? '') : null);
    if (!state) throw new LmrError(issue('not-found', 'no message with this id for this client'));
    return c.json(state);
  });
  return r;
}
