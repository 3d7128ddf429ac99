import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import { createLogger } from '../logger.ts';
import type { DatabaseHandle } from './client.ts';

// A database error carries what was sent: PGlite keeps the statement's parameters on it, and both engines
// quote the value in the message ("invalid input syntax for type date: …"). None of it reaches the log.

const NAME = 'Zoë Hoxhaj';

let handle: DatabaseHandle;

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle.close();
});

async function databaseError(): Promise<Error> {
  try {
    await sql`select ${`2009-02-30 ${NAME}`}::date as born`.execute(handle.db);
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('the statement did not fail');
}

function logged(write: (logger: ReturnType<typeof createLogger>) => void): Record<string, unknown> {
  const lines: string[] = [];
  write(createLogger('info', { write: (line: string) => lines.push(line) }));
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

describe('logging a database error', () => {
  it('should keep its SQLSTATE and where it arose, and none of the values sent', async () => {
    const error = await databaseError();
    expect(JSON.stringify(Object.assign({ message: error.message }, error))).toContain(NAME);
    const line = logged((logger) => {
      logger.error({ err: error }, 'Unhandled error');
    });
    expect(JSON.stringify(line)).not.toContain('Hoxhaj');
    expect(line['err']).toMatchObject({ type: 'DatabaseError', code: '22007', message: 'Database error 22007', routine: 'DateTimeParseError' });
  });

  it('should drop the values wherever the error sits: as a cause, one of several, or under another name', async () => {
    const error = await databaseError();
    const line = logged((logger) => {
      logger.error({ err: new Error('Saving failed', { cause: error }), error: new AggregateError([error], 'Several failed') }, 'Unhandled error');
    });
    expect(JSON.stringify(line)).not.toContain('Hoxhaj');
    expect(line['err']).toMatchObject({ message: 'Saving failed', cause: { code: '22007' } });
    expect(line['error']).toMatchObject({ message: 'Several failed', errors: [{ code: '22007' }] });
  });
});
