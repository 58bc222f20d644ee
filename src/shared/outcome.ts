/**
 * The register's one error model (after Medplum's OperationOutcome): an outcome is a list of issues.
 * Domain code returns or throws outcomes; adapters map them with `httpStatus` and `exitCode`.
 */

export type Severity = 'fatal' | 'error' | 'warning' | 'information';

/** What went wrong, as a small closed vocabulary (a subset of FHIR's IssueType). */
export type IssueCode =
  | 'invalid' // input breaks a rule
  | 'required' // a required value is missing
  | 'value' // a value is outside its code list or range
  | 'structure' // the document cannot be parsed
  | 'not-found'
  | 'forbidden'
  | 'login' // not authenticated
  | 'conflict'
  | 'too-large'
  | 'unavailable' // a store or dependency is not ready
  | 'exception'; // an internal failure; its message never carries input data

/** Where in a file an issue was found. */
export interface Location {
  file?: string;
  line?: number;
  element?: string;
}

export interface Issue {
  severity: Severity;
  code: IssueCode;
  /** The field path, e.g. `Pakningsinfo.DDD.V` or `dispensings[3].patient.sex`. */
  path?: string;
  message: string;
  /** The id of the rule (see each context's rule table) that raised the issue. */
  rule?: string;
  location?: Location;
}

export interface Outcome {
  issues: Issue[];
}

export function issue(code: IssueCode, message: string, extra: Partial<Omit<Issue, 'code' | 'message'>> = {}): Issue {
  return { severity: 'error', code, message, ...extra };
}

/** An error that carries an outcome. Thrown by domain code; caught and mapped at every edge. */
export class LmrError extends Error {
  readonly outcome: Outcome;
  constructor(outcome: Outcome | Issue) {
    const o = 'issues' in outcome ? outcome : { issues: [outcome] };
    super(o.issues.map(formatIssue).join('; ') || 'unknown error');
    this.name = 'LmrError';
    this.outcome = o;
  }
}

export const badRequest = (message: string, extra: Partial<Issue> = {}): LmrError =>
  new LmrError(issue('invalid', message, extra));
export const notFound = (message: string, extra: Partial<Issue> = {}): LmrError =>
  new LmrError(issue('not-found', message, extra));

export function isError(i: Issue): boolean {
  return i.severity === 'error' || i.severity === 'fatal';
}

/** One line, human readable: `file:line element path: message [rule]`. */
export function formatIssue(i: Issue): string {
  const where = [
    i.location?.file && (i.location.line !== undefined ? `${i.location.file}:${i.location.line}` : i.location.file),
    i.location?.element,
    i.path,
  ]
    .filter(Boolean)
    .join(' ');
  return `${where ? where + ': ' : ''}${i.message}${i.rule ? ` [${i.rule}]` : ''}`;
}

const statusByCode: Record<IssueCode, number> = {
  invalid: 400,
  required: 400,
  value: 400,
  structure: 400,
  'not-found': 404,
  forbidden: 403,
  login: 401,
  conflict: 409,
  'too-large': 413,
  unavailable: 503,
  exception: 500,
};

/** Maps an outcome to an HTTP status: the status of its first error, else 200. */
export function httpStatus(o: Outcome): number {
  const first = o.issues.find(isError);
  return first ? statusByCode[first.code] : 200;
}

const exitByCode: Record<IssueCode, number> = {
  invalid: 2,
  required: 2,
  value: 2,
  structure: 2,
  'not-found': 3,
  forbidden: 4,
  login: 4,
  conflict: 5,
  'too-large': 2,
  unavailable: 6,
  exception: 1,
};

/** Maps an outcome to a CLI exit code (0 when it holds no error). */
export function exitCode(o: Outcome): number {
  const first = o.issues.find(isError);
  return first ? exitByCode[first.code] : 0;
}

/**
 * Turns anything thrown into an outcome. Unknown errors become a generic `exception` whose
 * message is fixed text: internal messages may carry input data (and so identity numbers).
 */
export function normalizeError(err: unknown): Outcome {
  if (err instanceof LmrError) return err.outcome;
  return { issues: [issue('exception', 'internal error', { severity: 'fatal' })] };
}
