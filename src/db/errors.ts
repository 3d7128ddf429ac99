/** True when a database error is a unique-constraint violation (SQLSTATE 23505), on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

// SQLSTATEs that mean the database is away or going, not that the statement was wrong:
// class 08 (connection exception), and admin_shutdown, crash_shutdown and cannot_connect_now
// (a restart, a failover, pg_terminate_backend, a server still starting up).
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
// The network, while the server is down or unreachable.
const UNAVAILABLE_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// node-postgres gives these no code: a connection lost mid-use, or none to be had in time.
const UNAVAILABLE_MESSAGES = [
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'Client has encountered a connection error and is not queryable',
  'timeout exceeded when trying to connect',
];

/**
 * Why the database is unavailable, when an error says it is (a short, fixed reason that holds
 * nothing from the request); undefined for any other error. Looks through `cause` and
 * AggregateError, since a connection may fail on each of several addresses.
 */
export function databaseUnavailableReason(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  if (code !== undefined && (code.startsWith('08') || UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_NETWORK_CODES.has(code))) return code;
  const message = UNAVAILABLE_MESSAGES.find((known) => error.message === known);
  if (message !== undefined) return message;
  const inner: unknown[] = [error.cause, ...(error instanceof AggregateError ? (error.errors as unknown[]) : [])];
  return inner.map(databaseUnavailableReason).find((reason) => reason !== undefined);
}
