import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { TRAINING_TOPICS } from '../../src/domain/training.ts';
import { errorSummaryOf, tableRows, textAt, textOf } from '../helpers/html.ts';
import { value } from '../helpers/result.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import { addChildInCare } from '../helpers/service-tests.ts';
import { addPartnerOrganisations, CROYDON, KENT, NATIONAL } from './api-helpers.ts';

// The training pages through app.inject: your own training, recording a course for yourself and (a
// manager) for someone else, errors that name the field and change nothing, an organisation's
// compliance and the national table; who may see which, and the audit. The test clock is 15 June 2025.

let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
});
afterAll(async () => {
  await t.close();
});

const record = (fields: { course: string; date: string; personId?: string }) => {
  const [year, month, day] = fields.date.split('-');
  return {
    courseCode: fields.course,
    'completedOn-day': day ?? '',
    'completedOn-month': month ?? '',
    'completedOn-year': year ?? '',
    ...(fields.personId === undefined ? {} : { personId: fields.personId }),
  };
};

const completionsOf = (personId: string) => t.handle.db.selectFrom('trainingCompletion').selectAll().where('personId', '=', personId).execute();

describe('your training', () => {
  it('should show every topic as not done at first, and the catalogue', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const page = await client.get('/training');
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Your training – Lantern');
    expect(textOf(page.body)).toContain('6 topics need your attention');
    expect(textOf(page.body)).toContain('National Referral Mechanism: first responder NRM first responder Home Office 2 hours 2 years');
    expect(textOf(page.body)).toContain('Child trafficking: annual refresher Child trafficking National coordination unit 2 hours 1 year');
    expect(textOf(page.body)).not.toContain('Your organisation’s training');
  });

  it('should record a course you completed after check your answers, and show it current', async () => {
    const { client, userId } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    await client.get('/training/completions/new');
    const check = await client.post('/training/completions/new', { intent: 'check', ...record({ course: 'NRM-FIRST-RESPONDER', date: '2025-03-01' }) });
    expect(check.statusCode).toBe(200);
    expect(textAt(check.body, '.govuk-summary-list')).toContain('National Referral Mechanism: first responder');
    expect(textAt(check.body, '.govuk-summary-list')).toContain('1 March 2025');
    expect(await completionsOf(userId)).toEqual([]);
    const saved = await client.post('/training/completions/new', { intent: 'save', ...record({ course: 'NRM-FIRST-RESPONDER', date: '2025-03-01' }) });
    expect(saved.statusCode).toBe(303);
    const confirmation = await client.get(saved.headers.location!);
    expect(textOf(confirmation.body)).toContain('Training recorded');
    expect(await completionsOf(userId)).toMatchObject([{ courseCode: 'NRM-FIRST-RESPONDER', completedOn: '2025-03-01', source: 'SELF', recordedBy: userId }]);
    const page = await client.get('/training');
    expect(textOf(page.body)).toContain('NRM first responder Current 1 March 2027');
    const events = await t.handle.db.selectFrom('auditEvent').select(['action', 'entity']).where('actorId', '=', userId).execute();
    expect(events).toEqual(expect.arrayContaining([{ action: 'CREATE', entity: 'trainingCompletion' }]));
  });

  it('should name each field that is wrong, and save nothing', async () => {
    const { client, userId } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    await client.get('/training/completions/new');
    const empty = await client.post('/training/completions/new', { intent: 'check', ...record({ course: '', date: '--' }) });
    expect(errorSummaryOf(empty.body)).toEqual([
      { href: '#courseCode', text: 'Select the course' },
      { href: '#completedOn-day', text: 'Enter the date the course was completed' },
    ]);
    const future = await client.post('/training/completions/new', { intent: 'save', ...record({ course: 'RHI-PRACTICE', date: '2025-07-01' }) });
    expect(future.statusCode).toBe(200);
    expect(errorSummaryOf(future.body)).toEqual([{ href: '#completedOn-day', text: 'The date the course was completed must be today or in the past' }]);
    const unknown = await client.post('/training/completions/new', { intent: 'save', ...record({ course: 'NOT-A-COURSE', date: '2025-05-01' }) });
    expect(errorSummaryOf(unknown.body)).toEqual([{ href: '#courseCode', text: 'Select a course from the catalogue' }]);
    expect(await completionsOf(userId)).toEqual([]);
  });

  it('should not let a social worker record someone else’s training', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const { userId: colleague } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    await client.get('/training/completions/new');
    const refused = await client.post('/training/completions/new', {
      intent: 'save',
      ...record({ course: 'RHI-PRACTICE', date: '2025-05-01', personId: colleague }),
    });
    expect(refused.statusCode).toBe(404);
    expect(await completionsOf(colleague)).toEqual([]);
  });
});

describe('a manager and their organisation', () => {
  it('should let a team manager record a course for someone in their organisation, but nobody outside it', async () => {
    const { client, userId: manager } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    const { userId: worker } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const { userId: outsider } = await signedInClient(t.app, t.services, CROYDON, 'social_worker');
    const form = await client.get('/training/completions/new');
    expect(form.body).toContain(`value="${worker}"`);
    expect(form.body).not.toContain(`value="${outsider}"`);
    const saved = await client.post('/training/completions/new', {
      intent: 'save',
      ...record({ course: 'RHI-PRACTICE', date: '2024-01-15', personId: worker }),
    });
    expect(saved.statusCode).toBe(303);
    expect(await completionsOf(worker)).toMatchObject([{ courseCode: 'RHI-PRACTICE', source: 'MANAGER', recordedBy: manager }]);
    const outside = await client.post('/training/completions/new', {
      intent: 'save',
      ...record({ course: 'RHI-PRACTICE', date: '2024-01-15', personId: outsider }),
    });
    expect(errorSummaryOf(outside.body)).toEqual([{ href: '#personId', text: 'Select someone in your organisation' }]);
    expect(await completionsOf(outsider)).toEqual([]);
  });

  it('should show a team manager their organisation’s compliance by topic and by person', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    const page = await client.get('/training/organisation');
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Your organisation’s training – Lantern');
    const people = await t.handle.db.selectFrom('appUser').select('id').where('organisationCode', '=', KENT).execute();
    // One person is current on the NRM (recorded above), one on return home interviews (by their manager).
    expect(textOf(page.body)).toContain(`NRM first responder 1 0 0 ${people.length - 1}`);
    expect(textOf(page.body)).toContain(`Return home interviews 1 0 0 ${people.length - 1}`);
  });

  it('should show a team manager their teams’ compliance by topic, counting each team’s people now', async () => {
    const { client, userId: managerId } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    const { userId: trained } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const { userId: untrained } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    await client.get('/training/completions/new');
    const saved = await client.post('/training/completions/new', {
      intent: 'save',
      ...record({ course: 'RHI-PRACTICE', date: '2025-03-01', personId: trained }),
    });
    expect(saved.statusCode).toBe(303);
    const manager = { id: managerId, organisationCode: KENT, localAuthorityCode: KENT, role: 'team_manager' } as const;
    const team = value(await t.services.caseloads.createTeam(manager, { name: 'Children in care' }));
    for (const userId of [trained, untrained]) value(await t.services.caseloads.addTeamMember(manager, team.id, { userId }));

    const page = await client.get('/training/organisation');
    expect(tableRows(page.body, 'Training by team')).toEqual([['Children in care', '2', ...TRAINING_TOPICS.map((topic) => (topic === 'RHI' ? '50%' : '0%'))]]);
  });

  it.each(['social_worker', 'advocate', 'police_coordinator'] as const)(
    'should answer a %s’s request for the organisation page "Page not found"',
    async (role) => {
      const home = { social_worker: KENT, advocate: 'GUARDIAN-SERVICE', police_coordinator: 'KENT-POLICE' }[role];
      const { client } = await signedInClient(t.app, t.services, home, role);
      expect((await client.get('/training/organisation')).statusCode).toBe(404);
      expect((await client.get('/training/authorities')).statusCode).toBe(404);
      expect((await client.get('/training')).statusCode).toBe(200);
    },
  );
});

describe('the national table', () => {
  it('should show national analysts each authority with people, with shares and no names', async () => {
    const { client } = await signedInClient(t.app, t.services, NATIONAL, 'national_analyst');
    const page = await client.get('/training/authorities');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Kent');
    expect(text).toContain('Croydon');
    expect(text).not.toContain('Test social worker');
  });
});

describe('an API token', () => {
  it('should have no training of its own to show or record', async () => {
    const actor = { id: 'token:0f2b', organisationCode: KENT, localAuthorityCode: KENT, role: 'team_manager' as const };
    expect(await t.services.training.mine(actor)).toEqual({ ok: false, error: { kind: 'not_found', entity: 'training' } });
    expect(await t.services.training.recordCompletion(actor, { personId: null, courseCode: 'RHI-PRACTICE', completedOn: '2025-01-01' })).toMatchObject({
      ok: false,
    });
  });
});

describe('the training required for actions', () => {
  it('should let a team manager gate NRM referrals and allow someone once, naming a missing answer', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    const { userId: worker } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const page = await client.get('/training/gates');
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Training required for actions – Lantern');
    expect((await client.post('/training/gates', { gates: 'NRM_REFERRAL' })).statusCode).toBe(303);
    const gates = await t.handle.db.selectFrom('trainingGate').select(['action', 'required']).where('organisationCode', '=', KENT).execute();
    expect(gates).toEqual(expect.arrayContaining([{ action: 'NRM_REFERRAL', required: true }]));
    const missing = await client.post('/training/allowances', { personId: worker, action: 'NRM_REFERRAL', reason: '' });
    expect(missing.statusCode).toBe(422);
    expect(errorSummaryOf(missing.body)).toEqual([{ href: '#reason', text: 'Enter why they may do it without the training' }]);
    const allowed = await client.post('/training/allowances', { personId: worker, action: 'NRM_REFERRAL', reason: 'Course booked for next week' });
    expect(allowed.statusCode).toBe(303);
    expect(textOf((await client.get('/training/gates')).body)).toContain('Make an NRM referral Course booked for next week');
  });

  it('should let someone refused ask their team manager, who sees it on My work and allows it once with a reason', async () => {
    const { client: manager } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    await manager.get('/training/gates');
    expect((await manager.post('/training/gates', { gates: 'NRM_REFERRAL' })).statusCode).toBe(303);
    const { client: asker } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const child = '11111111-1111-4111-8111-111111111111';
    const form = await asker.get(`/training/requests/new?action=NRM_REFERRAL&child=${child}`);
    expect(titleOf(form.body)).toBe('Ask your team manager to allow an action once – Lantern');
    expect(form.body).toContain(`name="childId" value="${child}"`);
    expect(form.body).toMatch(/value="NRM_REFERRAL" checked/);
    const missing = await asker.post('/training/requests', { action: 'NRM_REFERRAL', reason: ' ' });
    expect(missing.statusCode).toBe(422);
    expect(errorSummaryOf(missing.body)).toEqual([{ href: '#reason', text: 'Enter why you need to do it before you can complete the training' }]);
    // A child the person may not see (here, none) is "Page not found", and nothing is sent.
    expect((await asker.post('/training/requests', { action: 'NRM_REFERRAL', childId: child, reason: 'Cannot wait' })).statusCode).toBe(404);
    const sent = await asker.post('/training/requests', { action: 'NRM_REFERRAL', reason: 'The referral cannot wait for the course' });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/training#requests');
    expect(textOf((await asker.get('/training')).body)).toContain('Make an NRM referral');
    expect(textOf((await asker.get('/training')).body)).toContain('Waiting for an answer');

    expect(textAt((await manager.get('/')).body, '#training-requests')).toBe('1 request to act once without the training is waiting for your answer');
    const [waiting] = tableRows((await manager.get('/training/gates')).body, 'Requests waiting for an answer');
    expect(waiting).toEqual(expect.arrayContaining(['The referral cannot wait for the course', 'None given']));
    const [request] = await t.handle.db.selectFrom('trainingRequest').select('id').where('reason', '=', 'The referral cannot wait for the course').execute();
    const answerPage = await manager.get(`/training/requests/${request!.id}`);
    expect(titleOf(answerPage.body)).toBe('Answer a request to act without the training – Lantern');
    const unanswered = await manager.post(`/training/requests/${request!.id}`, {});
    expect(unanswered.statusCode).toBe(422);
    expect(errorSummaryOf(unanswered.body).map((error) => error.href)).toEqual(['#outcome', '#reason']);
    const answered = await manager.post(`/training/requests/${request!.id}`, { outcome: 'ALLOWED', reason: 'Course booked for Monday' });
    expect(answered.statusCode).toBe(303);
    expect(textOf((await asker.get('/training')).body)).toContain('Allowed once Course booked for Monday');
    expect(textOf((await manager.get('/')).body)).not.toContain('waiting for your answer');
    // Answered: the page shows the answer, and no form to answer again.
    expect(textOf((await manager.get(`/training/requests/${request!.id}`)).body)).toContain('Answer Allowed once');
    expect((await asker.get(`/training/requests/${request!.id}`)).statusCode).toBe(404);
  });

  it('should offer to ask a team manager on the page the gate refused, carrying the child', async () => {
    const { client: manager } = await signedInClient(t.app, t.services, KENT, 'team_manager');
    await manager.get('/training/gates');
    expect((await manager.post('/training/gates', { gates: 'NRM_REFERRAL' })).statusCode).toBe(303);
    const { client: asker, userId } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    const actor = { id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' } as const;
    const childId = await addChildInCare(t.services, actor, { laChildId: 'WT-GATE', givenNames: 'Arben', familyName: 'Gated', sex: 'M', host: KENT });
    const concern = value(await t.services.trafficking.raiseConcern(actor, childId, { raisedOn: '2025-06-01', raisedBy: 'Social worker' }));
    const referral = `/trafficking-concerns/${concern.id}/nrm-referral`;
    await asker.get(referral);
    const refused = await asker.post(referral, {
      intent: 'save',
      'referredOn-day': '12',
      'referredOn-month': '6',
      'referredOn-year': '2025',
      firstResponderOrganisation: 'Kent County Council',
      competentAuthority: 'SCA',
      childVersion: '1',
    });
    expect(errorSummaryOf(refused.body)[0]?.text).toContain('ask your team manager to allow you this once');
    const ask = `/training/requests/new?action=NRM_REFERRAL&child=${childId}`;
    expect(refused.body).toContain(`href="${ask.replace('&', '&amp;')}"`);
    // Any other error on the page offers nothing.
    expect((await asker.post(referral, { intent: 'save', childVersion: '1' })).body).not.toContain('/training/requests/new');
    expect((await asker.get(ask)).body).toContain(`name="childId" value="${childId}"`);
    const sent = await asker.post('/training/requests', { action: 'NRM_REFERRAL', childId, reason: 'The referral is due today' });
    expect(sent.statusCode).toBe(303);
    const [row] = tableRows((await manager.get('/training/gates')).body, 'Requests waiting for an answer').filter((cells) =>
      cells.includes('The referral is due today'),
    );
    expect(row).toContain('Child’s record');
  });

  it('should answer a social worker "Page not found"', async () => {
    const { client } = await signedInClient(t.app, t.services, KENT, 'social_worker');
    expect((await client.get('/training/requests/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await client.get('/training/requests/not-an-id')).statusCode).toBe(404);
    expect((await client.get('/training/gates')).statusCode).toBe(404);
    expect((await client.post('/training/gates', { gates: 'NRM_REFERRAL' })).statusCode).toBe(404);
  });
});
