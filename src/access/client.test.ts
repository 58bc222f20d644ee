import { describe, expect, it } from 'vitest';
import { LmrError } from '../shared/outcome.js';
import { checkScopes, mayReportFor, parseClientId, requireScope, type Principal } from './client.js';

function errorOf(fn: () => unknown): LmrError {
  try {
    fn();
  } catch (err) {
    if (err instanceof LmrError) return err;
    throw err;
  }
  throw new Error('expected an LmrError');
}

describe('client ids', () => {
  it('parses the three kinds', () => {
    expect(parseClientId('pharmacy:0123')).toEqual({ client: 'pharmacy:0123', kind: 'pharmacy', pharmacy: '0123' });
    expect(parseClientId('staff:kari.nordmann')).toEqual({ client: 'staff:kari.nordmann', kind: 'staff' });
    expect(parseClientId('system:reseptregisteret')).toEqual({ client: 'system:reseptregisteret', kind: 'system' });
  });

  it.each(['pharmacy:123', 'pharmacy:12345', 'pharmacy:12a4', 'pharmacy:', 'Pharmacy:1234', 'staff:', 'staff:1abc', 'system:a b', 'system:' + 'a'.repeat(65), 'doctor:x', '1234', ''])(
    'refuses %j with an invalid error naming the format',
    (value) => {
      const err = errorOf(() => parseClientId(value));
      expect(err.outcome.issues[0]).toMatchObject({ code: 'invalid', path: 'client' });
      expect(err.message).toMatch(/pharmacy:NNNN|NAME/);
    },
  );

  it('never echoes the value after the prefix, and refuses names that could carry an identity number', () => {
    const fnr = '01817012345';
    for (const value of [`pharmacy:${fnr}`, `staff:x${fnr}`, `system:${fnr}`, fnr, `x:${fnr}`]) {
      const err = errorOf(() => parseClientId(value));
      expect(err.message).not.toContain(fnr);
      expect(err.message).not.toMatch(/\d{5}/);
    }
    expect(() => parseClientId('staff:eik-123456')).not.toThrow();
    expect(() => parseClientId('staff:eik-1234567')).toThrow(LmrError);
  });
});

describe('scopes and pharmacy binding', () => {
  const pharmacy: Principal = { client: 'pharmacy:1234', kind: 'pharmacy', pharmacy: '1234', scopes: ['intake:write', 'intake:read'] };
  const staff: Principal = { client: 'staff:ola', kind: 'staff', scopes: ['intake:read', 'intake:write', 'staff'] };
  const system: Principal = { client: 'system:ssb', kind: 'system', scopes: ['intake:read'] };

  it('requireScope throws forbidden (403) for a missing scope and passes a held one', () => {
    expect(() => requireScope(pharmacy, 'intake:write')).not.toThrow();
    const err = errorOf(() => requireScope(system, 'intake:write'));
    expect(err.outcome.issues[0]).toMatchObject({ code: 'forbidden' });
    expect(err.message).toContain('intake:write');
  });

  it('a pharmacy client may report only for its own pharmacy', () => {
    expect(mayReportFor(pharmacy, '1234')).toBe(true);
    expect(mayReportFor(pharmacy, '1235')).toBe(false);
    expect(mayReportFor(pharmacy, '')).toBe(false);
    expect(mayReportFor({ ...pharmacy, pharmacy: undefined }, '1234')).toBe(false);
  });

  it('staff may report for any pharmacy, other systems for none', () => {
    expect(mayReportFor(staff, '9999')).toBe(true);
    expect(mayReportFor(staff, 'not-a-pharmacy')).toBe(false);
    expect(mayReportFor(system, '1234')).toBe(false);
  });

  it('checkScopes accepts known scopes (deduplicated) and refuses unknown or none', () => {
    expect(checkScopes(['intake:read', 'intake:read', 'staff'])).toEqual(['intake:read', 'staff']);
    expect(() => checkScopes(['intake:delete'])).toThrow(/one or more of/);
    expect(() => checkScopes([])).toThrow(LmrError);
  });
});
