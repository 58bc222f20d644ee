/** The access context's public surface: client ids, principals, the local token issuer and the verifier. */
export { checkScopes, DEFAULT_SCOPES, mayReportFor, parseClientId, requireScope, SCOPES, type ClientId, type ClientKind, type Principal, type Scope } from './client.js';
export { accessConfig, DEFAULT_AUDIENCE, LOCAL_ISSUER, type AccessConfig } from './config.js';
export { DEFAULT_TTL_SECONDS, LocalIssuer, MAX_TTL_SECONDS, type IssuedToken, type IssueOptions } from './issuer.js';
export { ACCEPTED_ALGORITHMS, CLOCK_TOLERANCE_SECONDS, createVerifier, type Verifier } from './verifier.js';
