import { describe, expect, it } from 'vitest';
import { databaseUnavailableReason, isUniqueViolation } from './errors.ts';

const withCode = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('telling an unavailable database from a failed statement', () => {
  it.each([
    ['a terminated backend (admin_shutdown)', withCode('terminating connection due to administrator command', '57P01'), '57P01'],
    ['a server starting up', withCode('the database system is starting up', '57P03'), '57P03'],
    ['a connection exception', withCode('connection failure', '08006'), '08006'],
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'ECONNREFUSED'],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly'), 'Connection terminated unexpectedly'],
    ['no connection to be had in time', new Error('timeout exceeded when trying to connect'), 'timeout exceeded when trying to connect'],
    ['a refusal on every address', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], 'all failed'), 'ECONNREFUSED'],
    ['a wrapped cause', new Error('Migration failed', { cause: new Error('Connection terminated unexpectedly') }), 'Connection terminated unexpectedly'],
  ])('should recognise %s', (_name, error, reason) => {
    expect(databaseUnavailableReason(error)).toBe(reason);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
    ['a syntax error', withCode('syntax error at or near "selec"', '42601')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['something not an error', 'Connection terminated unexpectedly'],
  ])('should not take %s for an outage', (_name, error) => {
    expect(databaseUnavailableReason(error)).toBeUndefined();
  });

  it('should still recognise a unique violation', () => {
    expect(isUniqueViolation(withCode('duplicate key', '23505'))).toBe(true);
  });
});
