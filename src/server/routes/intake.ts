import { Hono, type Context } from 'hono';
import type { Principal, Verifier } from '../../access/index.js';
import { splitMessages } from '../../intake/files.js';
import { bundleToMessage, FHIR_RULES, responseBundle, messageOutcome } from '../../intake/fhir/index.js';
import { DISPENSING_MESSAGE_SCHEMA } from '../../intake/message/schema.js';
import type { Receipt } from '../../intake/message/message.js';
import { RULES } from '../../intake/rules/catalogue.js';
import type { IntakeService } from '../../intake/service.js';
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
  r.get('/rules', authenticate(verifier), (c) => c.json({ rules: [...RULES, ...FHIR_RULES] }));

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
      const { receipts } = await intake.ingest(splitMessages(body), { client, channel: 'api', receipts: true });
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
    if (mapped.message && !mapped.message.pharmacy && mapped.pharmacyOrgnr) {
      const konsesjonsnr = await intake.pharmacyByOrgnr(mapped.pharmacyOrgnr);
      if (konsesjonsnr) mapped.message.pharmacy = konsesjonsnr;
    }
    const fhirJson = { 'content-type': 'application/fhir+json' };
    const fatal = mapped.issues.some((i) => i.severity === 'error' && i.dispensing === undefined);
    if (!mapped.message || fatal || mapped.entryCount === 0) {
      const refused: Receipt = { messageId: mapped.message?.messageId ?? null, status: 'rejected', issues: [], dispensings: [] };
      return c.body(JSON.stringify(messageOutcome(refused, mapped.issues)), 400, fhirJson);
    }
    // Dispensings the FHIR mapping already found broken are rejected here; the rest go through the pipeline.
    const broken = new Set(mapped.issues.filter((i) => i.severity === 'error' && i.dispensing !== undefined).map((i) => i.dispensing));
    const all = mapped.message.dispensings;
    const kept = all.filter((_, i) => !broken.has(i));
    const processed = kept.length
      ? (await intake.ingest([{ text: JSON.stringify({ ...mapped.message, dispensings: kept }) }], { client, channel: 'fhir', receipts: true })).receipts[0]
      : undefined;
    const receipt = processed ?? { messageId: mapped.message.messageId, status: 'rejected' as const, issues: [], dispensings: [] };
    if (broken.size > 0) {
      let k = 0;
      receipt.dispensings = all.map((d, i) => {
        if (broken.has(i)) return { ref: typeof d.ref === 'string' ? d.ref : null, status: 'rejected' as const, issues: [] };
        const r = receipt.dispensings[k];
        const from = `dispensings[${k++}]`;
        return r ? { ...r, issues: r.issues.map((x) => ({ ...x, path: x.path.replace(from, `dispensings[${i}]`) })) } : { ref: null, status: 'rejected' as const, issues: [] };
      });
      const rejected = receipt.dispensings.filter((d) => d.status === 'rejected').length;
      if (!receipt.issues?.length) receipt.status = rejected === 0 ? 'accepted' : rejected === all.length ? 'rejected' : 'partially-accepted';
    }
    return c.body(JSON.stringify(responseBundle(mapped, receipt, mapped.issues)), statusOfSingle(receipt), fhirJson);
  });

  r.get('/messages/:messageId', authenticate(verifier, 'intake:read'), async (c) => {
    const p = c.get('principal');
    const state = await intake.status(c.req.param('messageId'), p.kind === 'pharmacy' ? (p.pharmacy ?? '') : null);
    if (!state) throw new LmrError(issue('not-found', 'no message with this id for this client'));
    return c.json(state);
  });
  return r;
}
