import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLantern } from '../../test/helpers/command-line.ts';
import { CROYDON, KENT } from '../../test/helpers/organisations.ts';
import { createTestDatabase } from '../../test/helpers/test-database.ts';
import type { DatabaseHandle } from '../db/client.ts';
import { createServices } from '../services/index.ts';
import { registerSsda903Commands } from './ssda903-command.ts';
import { registerTrainingCommand } from './training-command.ts';

// bin/lantern import training, run in-process against a test database: all or nothing, every problem
// by row and column, a re-import that changes nothing, and the audit trail naming the command line.

const NOW = '2025-06-15T12:00:00.000Z';
let handle: DatabaseHandle;
let work: string;
const people: Record<string, string> = {};

/** Runs `lantern <args>` as bin/lantern has its imports: the 903 import first, training beside it under the same `import`. */
const lantern = (...args: string[]) =>
  runLantern((program) => {
    registerSsda903Commands(program, (run) => run(handle), { now: () => NOW });
    registerTrainingCommand(program, (run) => run(handle), { now: () => NOW });
  }, args);

async function csvFile(name: string, lines: readonly string[]): Promise<string> {
  const file = path.join(work, name);
  await writeFile(file, `${lines.join('\r\n')}\r\n`);
  return file;
}

const completions = () => handle.db.selectFrom('trainingCompletion').select(['personId', 'courseCode', 'completedOn', 'source', 'recordedBy']).execute();

beforeAll(async () => {
  handle = await createTestDatabase();
  work = await mkdtemp(path.join(tmpdir(), 'lantern-training-'));
  const services = createServices({ db: handle.db, now: () => NOW, newId: randomUUID }, { passwordHashing: { memoryCost: 1024, timeCost: 1, parallelism: 1 } });
  for (const [name, organisationCode] of [
    ['sam', KENT],
    ['jo', KENT],
    ['ade', CROYDON],
  ] as const) {
    const created = await services.users.createUser({
      organisationCode,
      role: 'social_worker',
      email: `${name}@council.gov.uk`,
      displayName: name,
      password: 'a long test password',
    });
    if (!created.ok) throw new Error('no account');
    people[name] = created.value.id;
  }
});
afterAll(async () => {
  await handle.close();
  await rm(work, { recursive: true, force: true });
});

describe('bin/lantern import training', () => {
  it('should refuse a file with any bad row, naming each row and column, and import nothing', async () => {
    const file = await csvFile('bad.csv', [
      'email,course_code,completed_on',
      'sam@council.gov.uk,RHI-PRACTICE,2025-01-10',
      'ade@council.gov.uk,RHI-PRACTICE,2025-01-10',
      'jo@council.gov.uk,NO-SUCH-COURSE,10/01/2025',
      'jo@council.gov.uk,UASC-CARE,2025-07-01',
    ]);
    const run = await lantern('import', 'training', file, '--organisation', KENT);
    expect(run.exitCode).toBe(1);
    expect(run.err).toEqual([
      `Row 3, email: nobody in ${KENT} has an active account with the email address ade@council.gov.uk`,
      'Row 4, course_code: "NO-SUCH-COURSE" is not a course in the catalogue',
      'Row 4, completed_on: enter the date as YYYY-MM-DD, for example 2025-03-27',
      'Row 5, completed_on: the date must be today or in the past',
      `4 problem(s) in ${file}. Nothing was imported. Correct the file and run the import again.`,
    ]);
    expect(await completions()).toEqual([]);
  });

  it('should refuse a file without the columns, and an organisation that does not exist', async () => {
    const file = await csvFile('header.csv', ['email,course', 'sam@council.gov.uk,RHI-PRACTICE']);
    const run = await lantern('import', 'training', file, '--organisation', KENT);
    expect(run.exitCode).toBe(1);
    expect(run.err[0]).toBe('Row 1: the header must name the columns email, course_code, completed_on; course_code, completed_on missing');
    const unknown = await lantern('import', 'training', file, '--organisation', 'NOWHERE');
    expect(unknown.err).toEqual(['There is no organisation with the code NOWHERE. Check the code and try again. Nothing was imported.']);
    const missing = await lantern('import', 'training', path.join(work, 'missing.csv'), '--organisation', KENT);
    expect(missing.exitCode).toBe(1);
    expect(missing.err[0]).toContain('Cannot read the file');
    expect(await completions()).toEqual([]);
  });

  it('should import a clean file, in any column order and case of email, and count a second import as already recorded', async () => {
    const file = await csvFile('good.csv', [
      '\uFEFFcompleted_on,Email,course_code',
      '2025-01-10,Sam@Council.gov.uk,RHI-PRACTICE',
      '2024-02-29,jo@council.gov.uk,NRM-FIRST-RESPONDER',
    ]);
    const first = await lantern('import', 'training', file, '--organisation', KENT.toLowerCase());
    expect(first).toMatchObject({ exitCode: 0, err: [] });
    expect(first.out).toEqual([`Imported 2 completion(s) for Kent from ${file} (2 row(s)).`]);
    expect(await completions()).toEqual(
      expect.arrayContaining([
        { personId: people['sam'], courseCode: 'RHI-PRACTICE', completedOn: '2025-01-10', source: 'IMPORT', recordedBy: 'command-line' },
        { personId: people['jo'], courseCode: 'NRM-FIRST-RESPONDER', completedOn: '2024-02-29', source: 'IMPORT', recordedBy: 'command-line' },
      ]),
    );
    const again = await lantern('import', 'training', file, '--organisation', KENT);
    expect(again.out).toEqual([`Imported 0 completion(s) for Kent from ${file} (2 row(s); 2 already recorded, left as they were).`]);
    expect(await completions()).toHaveLength(2);
    const audit = await handle.db
      .selectFrom('auditEvent')
      .select(['action', 'entity', 'organisationCode'])
      .where('actorId', '=', 'command-line')
      .where('entity', '=', 'trainingCompletion')
      .execute();
    expect(audit).toEqual([
      { action: 'CREATE', entity: 'trainingCompletion', organisationCode: KENT },
      { action: 'CREATE', entity: 'trainingCompletion', organisationCode: KENT },
    ]);
  });
});
