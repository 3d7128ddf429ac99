import pino from 'pino';
import type { Logger } from 'pino';

// Children's safeguarding data never reaches the logs: requests are logged by method and path
// (ids only, no query string), and any field that could identify a child is redacted.
const REDACTED_FIELDS = [
  'givenNames',
  'familyName',
  'dateOfBirth',
  'dateOfBirthClaimed',
  'dateOfBirthAssessed',
  'nationality',
  'lastSeenLocation',
  'lastSeenWith',
  'policeReference',
  'homeOfficeReference',
  'nrmReference',
  'policePersonId',
  'upn',
  'laChildId',
  'q',
  'token',
  'password',
];

/** A pino logger to standard output, or to `destination` (tests read what would be logged). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', ...REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`])],
      censor: '[redacted]',
    },
    serializers: {
      req: (request: { method?: string; url?: string; id?: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url?.split('?')[0],
      }),
      err: serializeError,
      error: serializeError,
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

/**
 * The fields of a database error that name things (the SQLSTATE, the table, column and constraint), never values.
 * Its message, detail, `where`, statement and parameters can all hold what was sent (a name, a date of birth), so
 * none of them is logged, from either engine.
 */
const DATABASE_ERROR_FIELDS = ['code', 'severity', 'routine', 'schema', 'table', 'column', 'dataType', 'constraint'] as const;

function isDatabaseError(error: Error): error is Error & Partial<Record<(typeof DATABASE_ERROR_FIELDS)[number], unknown>> {
  return 'severity' in error && 'code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code);
}

/** An error as logged; a database error, wherever it is (a cause, one of several), as its naming fields only. */
function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (isDatabaseError(error)) {
    const fields = Object.fromEntries(DATABASE_ERROR_FIELDS.filter((field) => typeof error[field] === 'string').map((field) => [field, error[field]]));
    return {
      type: 'DatabaseError',
      message: `Database error ${String(error.code)}`,
      ...fields,
      // The stack's first lines repeat the message.
      stack: error.stack
        ?.split('\n')
        .filter((line) => line.trimStart().startsWith('at '))
        .join('\n'),
      ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
    };
  }
  // Not pino's own serializer: it copies each cause's message into the error's, a database error's among them.
  const serialized: Record<string, unknown> = { type: error.constructor.name, message: error.message, stack: error.stack };
  for (const [key, value] of Object.entries(error)) serialized[key] ??= value instanceof Error ? serializeError(value) : value;
  if (error.cause !== undefined) serialized['cause'] = serializeError(error.cause);
  if (error instanceof AggregateError) serialized['errors'] = error.errors.map(serializeError);
  return serialized;
}
