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
    },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
