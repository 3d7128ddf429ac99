import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import type { Role } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { addPartnerOrganisations, apiClient, HOME_OF, KENT } from './api-helpers.ts';

// The training API (issue 15, item 4 and 5): who may read an organisation's compliance and the
// national table, set the gates, allow someone once and import completions; what is refused names
// the field or the row and saves nothing. The test clock is 15 June 2025.

let t: TestApp;
let kentPersonId: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const person = await t.services.users.createUser({
    organisationCode: KENT,
    role: 'social_worker',
    email: 'trained.person@kent.example.gov.uk',
    displayName: 'Trained Person',
    password: 'a long unusual passphrase',
  });
  if (!person.ok) throw new Error(JSON.stringify(person.error));
  kentPersonId = person.value.id;
});
afterAll(async () => {
  await t.close();
});

/** A token for a role, in the organisation that is home to it in the tests. */
const tokenFor = async (role: Role) => apiClient(t.app, await t.token(HOME_OF[role], role));

const completionsOf = (personId: string) => t.handle.db.selectFrom('trainingCompletion').selectAll().where('personId', '=', personId).execute();

describe('the training API', () => {
  it('should show an organisation’s compliance to its overseers and the national table to the national unit only', async () => {
    for (const role of ROLES) {
      const api = await tokenFor(role);
      expect((await api('GET', '/training/organisation')).status, role).toBe(
        ['team_manager', 'data_officer', 'organisation_administrator'].includes(role) ? 200 : 404,
      );
      expect((await api('GET', '/training/authorities')).status, role).toBe(role === 'national_analyst' ? 200 : 404);
      expect((await api('GET', '/training/gates')).status, role).toBe(
        ['team_manager', 'data_officer', 'organisation_administrator'].includes(role) ? 200 : 404,
      );
    }
  });

  it('should let a team manager set the gates and allow someone once, naming what is wrong', async () => {
    const manager = await tokenFor('team_manager');
    expect(await manager('PUT', '/training/gates', { required: ['NRM_REFERRAL'] })).toMatchObject({ status: 200, body: ['NRM_REFERRAL'] });
    const wrong = await manager('PUT', '/training/gates', { required: ['EVERYTHING'] });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('NRM_REFERRAL, RETURN_HOME_INTERVIEW');
    expect((await (await tokenFor('social_worker'))('PUT', '/training/gates', { required: [] })).status).toBe(404);

    const allowed = await manager('POST', '/training/allowances', { personId: kentPersonId, action: 'NRM_REFERRAL', reason: 'Course booked for next week' });
    expect(allowed).toMatchObject({ status: 201, body: { personId: kentPersonId, action: 'NRM_REFERRAL', usedAt: null } });
    const nobody = await manager('POST', '/training/allowances', { personId: crypto.randomUUID(), action: 'NRM_REFERRAL', reason: 'No one' });
    expect(nobody).toMatchObject({ status: 422, body: { errors: [{ field: 'personId', message: 'Select someone in your organisation' }] } });
    const gates = await manager('GET', '/training/gates');
    expect((gates.body['allowances'] as unknown[]).length).toBe(1);
  });

  it('should import completions all or nothing, listing each problem by row, for managers and administrators only', async () => {
    const manager = await tokenFor('team_manager');
    const bad = await manager('POST', '/training/completions/import', {
      csv: 'email,course_code,completed_on\ntrained.person@kent.example.gov.uk,NRM-FIRST-RESPONDER,2025-03-01\nnobody@kent.example.gov.uk,NRM-FIRST-RESPONDER,2025-03-01\n',
    });
    expect(bad.status).toBe(422);
    expect((bad.body['errors'] as { field: string; message: string }[]).map((error) => error.message)).toEqual([
      'Row 3, email: nobody in E10000016 has an active account with the email address nobody@kent.example.gov.uk',
    ]);
    expect(await completionsOf(kentPersonId)).toEqual([]);

    const good = await manager('POST', '/training/completions/import', {
      csv: 'email,course_code,completed_on\ntrained.person@kent.example.gov.uk,NRM-FIRST-RESPONDER,2025-03-01\n',
    });
    expect(good).toMatchObject({ status: 201, body: { rows: 1, imported: 1, alreadyRecorded: 0 } });
    expect(await completionsOf(kentPersonId)).toMatchObject([{ courseCode: 'NRM-FIRST-RESPONDER', completedOn: '2025-03-01', source: 'IMPORT' }]);

    const worker = await tokenFor('social_worker');
    expect((await worker('POST', '/training/completions/import', { csv: 'email,course_code,completed_on\n' })).status).toBe(404);
  });
});
