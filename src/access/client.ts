import { LmrError, issue } from '../shared/outcome.js';

/**
 * Who calls the register, and what they may do. A client id names its kind and, for a pharmacy, the one
 * pharmacy it is bound to: `pharmacy:NNNN` (4-digit konsesjonsnummer), `staff:NAME` (register staff) or
 * `system:NAME` (other registers and services).
 */

export type ClientKind = 'pharmacy' | 'staff' | 'system';

/** The scopes the register knows. Tokens of the local issuer carry only these. */
export const SCOPES = ['intake:write', 'intake:read', 'staff'] as const;
export type Scope = (typeof SCOPES)[number];

/** What a client gets when a token is issued without `--scope`. */
export const DEFAULT_SCOPES: Record<ClientKind, readonly Scope[]> = {
  pharmacy: ['intake:write', 'intake:read'],
  staff: ['intake:read', 'intake:write', 'staff'],
  system: ['intake:read'],
};

/** An authenticated caller, as the verifier establishes it from a token. */
export interface Principal {
  /** the client id, e.g. `pharmacy:1234` */
  client: string;
  kind: ClientKind;
  /** the konsesjonsnummer, for pharmacy clients only */
  pharmacy?: string;
  scopes: string[];
  /** the token's `jti`, when it has one (for the audit log) */
  tokenId?: string;
}

export interface ClientId {
  client: string;
  kind: ClientKind;
  pharmacy?: string;
}

const CLIENT_FORMAT = 'pharmacy:NNNN (4-digit konsesjonsnummer), staff:NAME or system:NAME';
const KONSESJONSNR = /^\d{4}$/;
/** A name starts with a letter and holds no long run of digits, so it can never be an identity number. */
const NAME = /^[A-Za-z][A-Za-z0-9._-]{0,63}$/;
const LONG_DIGITS = /\d{7}/;

/**
 * Parses and checks a client id. The error names the expected format and at most the known prefix,
 * never the rest of the value (it could be anything, an identity number typed in the wrong place included).
 */
export function parseClientId(value: string): ClientId {
  const colon = value.indexOf(':');
  const prefix = colon < 0 ? '' : value.slice(0, colon);
  const rest = colon < 0 ? '' : value.slice(colon + 1);
  switch (prefix) {
    case 'pharmacy':
      if (!KONSESJONSNR.test(rest)) throw invalidClient('pharmacy: the konsesjonsnummer must be 4 digits (pharmacy:NNNN)');
      return { client: value, kind: 'pharmacy', pharmacy: rest };
    case 'staff':
    case 'system':
      if (!NAME.test(rest) || LONG_DIGITS.test(rest)) {
        throw invalidClient(`${prefix}: NAME must be 1–64 letters, digits and . _ -, start with a letter and hold no run of 7 or more digits`);
      }
      return { client: value, kind: prefix };
    default:
      throw invalidClient(`a client id must be ${CLIENT_FORMAT}`);
  }
}

function invalidClient(message: string): LmrError {
  return new LmrError(issue('invalid', `invalid client id: ${message}`, { path: 'client' }));
}

/** Checks a list of scopes against the known ones (for issuing tokens). */
export function checkScopes(scopes: readonly string[]): Scope[] {
  const known = new Set<string>(SCOPES);
  const unknown = scopes.filter((s) => !known.has(s));
  if (unknown.length > 0 || scopes.length === 0) {
    throw new LmrError(issue('invalid', `scopes must be one or more of: ${SCOPES.join(', ')}`, { path: 'scope' }));
  }
  return [...new Set(scopes)] as Scope[];
}

/** Throws a `forbidden` error (403) unless the principal holds the scope. */
export function requireScope(principal: Principal, scope: string): void {
  if (!principal.scopes.includes(scope)) {
    throw new LmrError(issue('forbidden', `the token lacks the scope ${scope}`, { rule: 'access.scope' }));
  }
}

/**
 * Whether the principal may report dispensings for the pharmacy: a pharmacy client only for its own
 * konsesjonsnummer; register staff for any pharmacy (corrections, replays); other systems for none.
 * Scopes are checked separately (`requireScope(p, 'intake:write')`).
 */
export function mayReportFor(principal: Principal, konsesjonsnr: string): boolean {
  switch (principal.kind) {
    case 'pharmacy':
      return principal.pharmacy !== undefined && principal.pharmacy === konsesjonsnr;
    case 'staff':
      return KONSESJONSNR.test(konsesjonsnr);
    case 'system':
      return false;
  }
}
