/** The FHIR R4 form of the dispensing message (see README.md). Pure functions; no I/O. */
export { bundleToMessage, type BundleIssue, type BundleMapping } from './bundle-to-message.js';
export { messageToBundle, entryUuid } from './message-to-bundle.js';
export { fhirPathOf } from './paths.js';
export { responseBundle, messageOutcome, ENTRY_STATUS } from './response.js';
export { FHIR_RULES, ISSUE_TYPE, issueTypeOf, type IssueType } from './rules.js';
export { EXTENSION, FHIR_BASE, REIMBURSEMENT_PART, SYSTEM, volven } from './systems.js';
