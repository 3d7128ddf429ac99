import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { aChild, apiClient, createLookedAfterChild, CROYDON, errorsOf, KENT } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

let t: TestApp;
let kent: Api;
let croydon: Api;

beforeAll(async () => {
  t = await buildTestApp();
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  croydon = apiClient(t.app, await t.token(CROYDON, 'social_worker'));
});
afterAll(async () => {
  await t.close();
});

describe('health and documentation', () => {
  it('should report the database engine when asked for health', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: t.handle.engine });
  });

  it('should publish an OpenAPI 3.1 document generated from the request schemas', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/api/v1/children', '/api/v1/children/{id}/missing-episodes', '/api/v1/missing-episodes/{id}/return-interview']),
    );
    const body = document.paths['/api/v1/children/{id}/missing-episodes'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['type', 'startAt']));
    expect(body.properties.type.enum).toEqual(['M', 'A']);
  });
});

describe('authentication', () => {
  it('should answer 401 with a problem when no token is sent', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/children' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('should accept the Bearer scheme in any case, and refuse other schemes and an empty token', async () => {
    const token = await t.token(KENT, 'social_worker');
    const statusWith = async (authorization: string) =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/children?pageSize=1', headers: { authorization } })).statusCode;
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) expect(await statusWith(`${scheme} ${token}`)).toBe(200);
    for (const header of [`Basic ${token}`, 'Bearer', 'Bearer ', `Bearer ${token} extra`, token]) expect(await statusWith(header)).toBe(401);
  });

  it('should answer 401 when the token is revoked', async () => {
    const created = await t.services.apiTokens.createToken(KENT, 'social_worker', 'to revoke');
    if (!created.ok) throw new Error('token');
    await t.services.apiTokens.revokeToken(created.value.id);
    const response = await apiClient(t.app, created.value.token)('GET', '/children');
    expect(response.status).toBe(401);
  });
});

describe('children', () => {
  it('should create a child, return the record with derived summary, and read it back', async () => {
    const created = await kent('POST', '/children', aChild({ givenNames: 'Mirela', familyName: 'Hoxha' }));
    expect(created.status).toBe(201);
    const id = (created.body['child'] as { id: string }).id;
    const read = await kent('GET', `/children/${id}`);
    expect(read.status).toBe(200);
    expect(read.body['child']).toMatchObject({ givenNames: 'Mirela', familyName: 'Hoxha', responsibleAuthorityCode: KENT, version: 1 });
    expect(read.body['summary']).toMatchObject({ ageStatus: 'ACCEPTED', isLookedAfter: false, isMissing: false });
  });

  it('should add a child with the care period they are looked after in now, in one request', async () => {
    const carePeriod = { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1' };
    const created = await kent('POST', '/children', aChild({ laChildId: 'LAC1', upn: 'UN2', carePeriod }));
    expect(created.status).toBe(201);
    expect(created.body['carePeriods']).toEqual([expect.objectContaining({ ...carePeriod, hostAuthorityCode: KENT })]);
    expect(created.body['summary']).toMatchObject({ isLookedAfter: true });
  });

  it('should save neither the child nor the care period when the care period is wrong, naming the field', async () => {
    const before = await kent('GET', '/children?pageSize=1');
    const carePeriod = { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1', hostAuthorityCode: 'NOWHERE' };
    const response = await kent('POST', '/children', aChild({ laChildId: 'LAC2', upn: 'UN2', carePeriod }));
    expect(response.status).toBe(422);
    expect(errorsOf(response)).toEqual([expect.objectContaining({ field: 'hostAuthorityCode' })]);
    expect((await kent('GET', '/children?pageSize=1')).body['total']).toBe(before.body['total']);
  });

  it('should hide a child from another authority as not found, in reads and lists', async () => {
    const { id } = await createLookedAfterChild(kent);
    expect((await croydon('GET', `/children/${id}`)).status).toBe(404);
    const list = await croydon('GET', '/children?pageSize=200');
    expect((list.body['items'] as { id: string }[]).map((item) => item.id)).not.toContain(id);
    expect((await croydon('POST', `/children/${id}/missing-episodes`, { type: 'M', startAt: '2025-06-01T10:00:00Z' })).status).toBe(404);
  });

  it('should find a child by an alias through search, not through the URL', async () => {
    const { id } = await createLookedAfterChild(kent, { givenNames: 'Thi Lan', familyName: 'Nguyen' });
    expect(
      (await kent('POST', `/children/${id}/aliases`, { givenNames: 'Lan', familyName: 'Ngyuen', source: 'Home Office', seenOn: '2025-01-02' })).status,
    ).toBe(201);
    const found = await kent('POST', '/children/search', { q: 'ngyuen' });
    expect(found.status).toBe(200);
    expect((found.body['items'] as { id: string }[]).map((item) => item.id)).toEqual([id]);
  });

  it('should reject a duplicate authority child id naming the field', async () => {
    await kent('POST', '/children', aChild({ laChildId: 'DUP1' }));
    const second = await kent('POST', '/children', aChild({ laChildId: 'DUP1' }));
    expect(second.status).toBe(422);
    expect(errorsOf(second)[0]).toMatchObject({ field: 'laChildId' });
  });

  it('should reject a date of birth in the future and save nothing', async () => {
    const before = await kent('GET', '/children?pageSize=1');
    const response = await kent('POST', '/children', aChild({ dateOfBirthClaimed: '2030-01-01' }));
    expect(response.status).toBe(422);
    expect(errorsOf(response)).toEqual([expect.objectContaining({ field: 'dateOfBirthClaimed', message: 'Date of birth must be today or in the past' })]);
    const after = await kent('GET', '/children?pageSize=1');
    expect(after.body['total']).toBe(before.body['total']);
  });

  it('should record a child known by one name whose date of birth is not known, with an estimated age, and find them by a date the estimate allows', async () => {
    const estimate = { earliest: '2008-01-11', latest: '2010-01-10', source: 'AGE_ASSESSMENT', estimatedOn: '2025-01-10' };
    const created = await kent(
      'POST',
      '/children',
      aChild({ laChildId: 'EST1', givenNames: 'Yonas', familyName: null, dateOfBirthClaimed: null, dateOfBirthEstimate: estimate }),
    );
    expect(created.status).toBe(201);
    expect(created.body['child']).toMatchObject({ givenNames: 'Yonas', familyName: null, dateOfBirthClaimed: null, dateOfBirthEstimate: estimate });
    expect(created.body['summary']).toMatchObject({
      ageToday: expect.any(Number),
      estimatedAgeToday: { youngest: expect.any(Number), oldest: expect.any(Number) },
    });
    const id = (created.body['child'] as { id: string }).id;
    const byDate = await kent('POST', '/children/search', { dateOfBirth: '2009-06-01' });
    expect((byDate.body['items'] as { id: string }[]).map((item) => item.id)).toContain(id);
    const outside = await kent('POST', '/children/search', { dateOfBirth: '2010-01-11' });
    expect((outside.body['items'] as { id: string }[]).map((item) => item.id)).not.toContain(id);
    const byName = await kent('POST', '/children/search', { q: 'yonas' });
    expect((byName.body['items'] as { id: string }[]).map((item) => item.id)).toEqual([id]);
  });

  it('should refuse a child with no name, or neither a date of birth nor an estimated age, naming the field and saving nothing', async () => {
    const before = await kent('GET', '/children?pageSize=1');
    const nameless = await kent('POST', '/children', aChild({ givenNames: null, familyName: null }));
    expect(nameless.status).toBe(422);
    expect(errorsOf(nameless)).toEqual([
      expect.objectContaining({ field: 'givenNames', message: expect.stringContaining('Enter the child’s given names or family name') }),
    ]);
    const undated = await kent('POST', '/children', aChild({ dateOfBirthClaimed: null }));
    expect(errorsOf(undated)).toEqual([
      expect.objectContaining({
        field: 'dateOfBirthClaimed',
        message: 'Enter the child’s date of birth, or their estimated age if their date of birth is not known',
      }),
    ]);
    const halfEstimate = await kent('POST', '/children', aChild({ dateOfBirthClaimed: null, dateOfBirthEstimate: { earliest: '2008-01-11' } }));
    expect(halfEstimate.status).toBe(400);
    expect(errorsOf(halfEstimate).map((error) => error.field)).toEqual(expect.arrayContaining(['dateOfBirthEstimate.latest']));
    expect((await kent('GET', '/children?pageSize=1')).body['total']).toBe(before.body['total']);
  });

  it('should refuse an implausible date of birth, before 1990, naming the field', async () => {
    const response = await kent('POST', '/children', aChild({ dateOfBirthClaimed: '1989-12-31' }));
    expect(response.status).toBe(422);
    expect(errorsOf(response)).toEqual([
      expect.objectContaining({ field: 'dateOfBirthClaimed', message: 'Date of birth must be the same as or after 1 January 1990' }),
    ]);
    const estimated = await kent(
      'POST',
      '/children',
      aChild({ dateOfBirthClaimed: null, dateOfBirthEstimate: { earliest: '1985-01-01', latest: '1999-01-01', source: 'CHILD', estimatedOn: '2015-01-01' } }),
    );
    expect(errorsOf(estimated)).toEqual([
      expect.objectContaining({ field: 'dateOfBirthEstimate', message: 'The earliest estimated date of birth must be the same as or after 1 January 1990' }),
    ]);
  });

  it('should answer 409 and change nothing when an update carries a stale version', async () => {
    const { id } = await createLookedAfterChild(kent);
    expect((await kent('PATCH', `/children/${id}`, { familyName: 'Changed', version: 1 })).status).toBe(200);
    const stale = await kent('PATCH', `/children/${id}`, { familyName: 'Stale', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body['currentVersion']).toBe(2);
    const read = await kent('GET', `/children/${id}`);
    expect(read.body['child']).toMatchObject({ familyName: 'Changed', version: 2 });
  });
});

describe('missing episodes and return interviews', () => {
  it('should record the whole journey: missing, came back, return interview in time', async () => {
    const { id } = await createLookedAfterChild(kent);
    const reported = await kent('POST', `/children/${id}/missing-episodes`, {
      type: 'M',
      startAt: '2025-06-10T21:15:00+01:00',
      reportedToPoliceAt: '2025-06-10T22:00:00+01:00',
      policeForce: 'Kent Police',
      policeReference: 'KP-25-000123',
      policeRiskLevel: 'HIGH',
    });
    expect(reported.status).toBe(201);
    expect(reported.body).toMatchObject({ isOpen: true, returnInterviewState: 'NOT_DUE', startAt: '2025-06-10T20:15:00.000Z' });
    const episodeId = reported.body['id'] as string;

    const back = await kent('POST', `/missing-episodes/${episodeId}/return`, { endAt: '2025-06-12T08:00:00Z', endReason: 'FOUND_POLICE', version: 1 });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ isOpen: false, returnInterviewDueBy: '2025-06-15T08:00:00.000Z', returnInterviewState: 'OVERDUE', version: 2 });

    const interview = await kent('PUT', `/missing-episodes/${episodeId}/return-interview`, {
      response: 'ACCEPTED',
      offeredAt: '2025-06-12T10:00:00Z',
      completedAt: '2025-06-14T10:00:00Z',
      interviewerType: 'INDEPENDENT_PROVIDER',
      outcomes: ['SAFEGUARDING_REFERRAL'],
    });
    expect(interview.status).toBe(200);
    expect(interview.body).toMatchObject({ returnInterviewState: 'COMPLETED_IN_TIME' });

    const open = await kent('GET', `/missing-episodes?open=true&childId=${id}`);
    expect(open.body['total']).toBe(0);
  });

  it('should refuse a second episode while one is open, with rule 574, and save nothing', async () => {
    const { id } = await createLookedAfterChild(kent);
    expect((await kent('POST', `/children/${id}/missing-episodes`, { type: 'M', startAt: '2025-06-01T10:00:00Z' })).status).toBe(201);
    const second = await kent('POST', `/children/${id}/missing-episodes`, { type: 'A', startAt: '2025-06-05T10:00:00Z' });
    expect(second.status).toBe(422);
    expect(errorsOf(second)).toEqual([expect.objectContaining({ field: 'startAt', code: '574' })]);
    const list = await kent('GET', `/missing-episodes?childId=${id}`);
    expect(list.body['total']).toBe(1);
  });

  it('should refuse a return before the child went missing, with rule 567 and GOV.UK wording', async () => {
    const { id } = await createLookedAfterChild(kent);
    const reported = await kent('POST', `/children/${id}/missing-episodes`, { type: 'M', startAt: '2025-06-01T10:00:00Z' });
    const episodeId = reported.body['id'] as string;
    const back = await kent('POST', `/missing-episodes/${episodeId}/return`, { endAt: '2025-05-31T10:00:00Z', endReason: 'RETURNED_SELF', version: 1 });
    expect(back.status).toBe(422);
    const [error] = errorsOf(back);
    expect(error).toMatchObject({ field: 'endAt', code: '567' });
    expect(error?.message).toMatch(/^Enter the date the child came back\. It must be after the date they went missing/);
    expect((await kent('GET', `/missing-episodes/${episodeId}`)).body).toMatchObject({ endAt: null, version: 1 });
  });

  it('should refuse a return interview completed before the child came back', async () => {
    const { id } = await createLookedAfterChild(kent);
    const reported = await kent('POST', `/children/${id}/missing-episodes`, {
      type: 'M',
      startAt: '2025-06-01T10:00:00Z',
      endAt: '2025-06-02T10:00:00Z',
      endReason: 'RETURNED_SELF',
    });
    const episodeId = reported.body['id'] as string;
    const interview = await kent('PUT', `/missing-episodes/${episodeId}/return-interview`, {
      response: 'ACCEPTED',
      offeredAt: '2025-06-01T12:00:00Z',
      completedAt: '2025-06-01T13:00:00Z',
    });
    expect(interview.status).toBe(422);
    expect(errorsOf(interview)[0]).toMatchObject({ field: 'completedAt' });
  });

  it('should refuse a police report before the child went missing', async () => {
    const { id } = await createLookedAfterChild(kent);
    const reported = await kent('POST', `/children/${id}/missing-episodes`, {
      type: 'M',
      startAt: '2025-06-01T10:00:00Z',
      reportedToPoliceAt: '2025-06-01T09:00:00Z',
    });
    expect(reported.status).toBe(422);
    expect(errorsOf(reported)[0]).toMatchObject({ field: 'reportedToPoliceAt' });
  });

  it('should refuse an episode for a child who is not looked after, with rule 581', async () => {
    const created = await kent('POST', '/children', aChild());
    const id = (created.body['child'] as { id: string }).id;
    const reported = await kent('POST', `/children/${id}/missing-episodes`, { type: 'M', startAt: '2025-06-01T10:00:00Z' });
    expect(reported.status).toBe(422);
    expect(errorsOf(reported)[0]).toMatchObject({ code: '581' });
  });

  it('should refuse to end a care period while the child is missing from it (rule 575)', async () => {
    const { id } = await createLookedAfterChild(kent);
    await kent('POST', `/children/${id}/missing-episodes`, { type: 'M', startAt: '2025-06-01T10:00:00Z' });
    const record = await kent('GET', `/children/${id}`);
    const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
    const ended = await kent('PATCH', `/care-periods/${period.id}`, { endDate: '2025-06-05', reasonCeased: 'E4A', version: period.version });
    expect(ended.status).toBe(422);
    expect(errorsOf(ended).map((error) => error.code)).toContain('575');
  });

  it('should derive an out-of-area placement from the host authority', async () => {
    const { id } = await createLookedAfterChild(kent);
    const record = await kent('GET', `/children/${id}`);
    const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
    const moved = await kent('PATCH', `/care-periods/${period.id}`, { hostAuthorityCode: CROYDON, version: period.version });
    expect(moved.status).toBe(200);
    const after = await kent('GET', `/children/${id}`);
    expect(after.body['carePeriods']).toEqual([expect.objectContaining({ hostAuthorityCode: CROYDON, outOfArea: true })]);
  });
});

describe('trafficking and NRM', () => {
  it('should move the status to identified on a positive reasonable grounds decision, then confirmed', async () => {
    const { id } = await createLookedAfterChild(kent);
    const concern = await kent('POST', `/children/${id}/trafficking-concerns`, {
      raisedOn: '2025-01-10',
      raisedBy: 'Social worker',
      exploitationTypes: ['CRIMINAL'],
      countyLines: true,
    });
    expect(concern.status).toBe(201);
    const concernId = concern.body['id'] as string;
    const referral = await kent('POST', `/trafficking-concerns/${concernId}/nrm-referral`, {
      referredOn: '2025-01-12',
      firstResponderOrganisation: 'Kent County Council',
      competentAuthority: 'SCA',
    });
    const referralId = (referral.body['nrmReferral'] as { id: string }).id;
    const rg = await kent('PATCH', `/nrm-referrals/${referralId}`, {
      reasonableGroundsDecision: 'POSITIVE',
      reasonableGroundsDecidedOn: '2025-01-20',
      version: 1,
    });
    expect(rg.status).toBe(200);
    const cg = await kent('PATCH', `/nrm-referrals/${referralId}`, {
      conclusiveGroundsDecision: 'POSITIVE',
      conclusiveGroundsDecidedOn: '2025-05-01',
      version: 2,
    });
    expect(cg.status).toBe(200);
    const record = await kent('GET', `/children/${id}`);
    const [view] = record.body['traffickingConcerns'] as { currentStatus: string; statuses: { status: string; effectiveFrom: string }[] }[];
    expect(view?.statuses.map((s) => [s.status, s.effectiveFrom])).toEqual([
      ['SUSPECTED', '2025-01-10'],
      ['IDENTIFIED', '2025-01-20'],
      ['CONFIRMED', '2025-05-01'],
    ]);
    expect(view?.currentStatus).toBe('CONFIRMED');
  });

  it('should refuse a conclusive grounds decision without a positive reasonable grounds decision', async () => {
    const { id } = await createLookedAfterChild(kent);
    const concern = await kent('POST', `/children/${id}/trafficking-concerns`, { raisedOn: '2025-01-10', raisedBy: 'Police' });
    const referral = await kent('POST', `/trafficking-concerns/${concern.body['id'] as string}/nrm-referral`, {
      referredOn: '2025-01-12',
      firstResponderOrganisation: 'Kent Police',
      competentAuthority: 'SCA',
      conclusiveGroundsDecision: 'POSITIVE',
      conclusiveGroundsDecidedOn: '2025-02-01',
    });
    expect(referral.status).toBe(422);
    expect(errorsOf(referral)[0]).toMatchObject({ field: 'conclusiveGroundsDecidedOn' });
  });
});

describe('bad requests never crash the service', () => {
  const send = (payload: string, contentType = 'application/json', url = '/api/v1/children', method: 'POST' | 'PATCH' = 'POST') =>
    t.services.apiTokens.createToken(KENT, 'social_worker', 'raw').then((token) => {
      if (!token.ok) throw new Error('token');
      return t.app.inject({ method, url, payload, headers: { 'content-type': contentType, authorization: `Bearer ${token.value.token}` } });
    });

  it.each([
    ['malformed JSON', '{"givenNames": ', 400],
    ['an empty body', '', 400],
    ['a JSON array', '[]', 400],
  ])('should answer 4xx for %s', async (_name, payload, status) => {
    const response = await send(payload);
    expect(response.statusCode).toBe(status);
    expect(response.json()).toMatchObject({ status, title: expect.any(String) });
  });

  it('should name an unknown field and say to remove it', async () => {
    const response = await send(JSON.stringify({ ...aChild(), favouriteColour: 'blue' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'favouriteColour', message: 'Remove favouriteColour: it is not a field of this request' }]);
  });

  it('should name a field of the wrong type', async () => {
    const response = await send(JSON.stringify({ ...aChild(), dateOfBirthClaimed: 20090412 }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([expect.objectContaining({ field: 'dateOfBirthClaimed', message: expect.stringContaining('date of birth') })]);
  });

  it('should refuse an impossible date', async () => {
    const response = await send(JSON.stringify({ ...aChild(), dateOfBirthClaimed: '2009-02-30' }));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('dateOfBirthClaimed');
  });

  it('should refuse blank text, hidden characters and implausible years, naming the field, and accept line breaks in long text', async () => {
    const { id } = await createLookedAfterChild(kent);
    const raise = (fields: Record<string, unknown>) =>
      kent('POST', `/children/${id}/trafficking-concerns`, { raisedOn: '2025-01-10', raisedBy: 'Police', ...fields });
    expect(errorsOf(await raise({ raisedBy: '   ' }))).toEqual([{ field: 'raisedBy', message: 'Enter who raised the concern' }]);
    for (const hidden of ['\u202E', '\u2067', '\u0000', '\u001B', '\u009B', '\n']) {
      const response = await raise({ raisedBy: `Kent${hidden} Police` });
      expect(response.status, JSON.stringify(hidden)).toBe(400);
      expect(errorsOf(response), JSON.stringify(hidden)).toEqual([
        { field: 'raisedBy', message: expect.stringMatching(/must not include (hidden characters|a NUL character)/) },
      ]);
    }
    for (const raisedOn of ['0000-01-10', '0099-12-31', '1899-12-31', '2100-01-01']) {
      expect(errorsOf(await raise({ raisedOn })), raisedOn).toEqual([{ field: 'raisedOn', message: expect.stringContaining('a real date from 1900 to 2099') }]);
    }
    const note = (text: string) => kent('POST', `/children/${id}/age-statuses`, { status: 'DISPUTED', effectiveFrom: '2025-02-01', note: text });
    expect((await note('Age disputed.\tAssessment booked')).status).toBe(400);
    expect((await note('Age disputed.\r\nAssessment booked')).status).toBe(201);
  });

  it('should answer 413 for an oversized body', async () => {
    const response = await send(JSON.stringify({ ...aChild(), givenNames: 'x'.repeat(200_000) }));
    expect(response.statusCode).toBe(413);
  });

  it('should answer 415 for a body that is not JSON', async () => {
    const response = await send('givenNames=Ana', 'text/plain');
    expect(response.statusCode).toBe(415);
  });

  it('should answer 400 for an id that is not a UUID and 404 for an unknown one', async () => {
    expect((await kent('GET', '/children/not-a-uuid')).status).toBe(400);
    expect((await kent('GET', '/children/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await kent('GET', '/children/%E0%A4%A')).status).toBe(400);
  });

  it('should answer 404 with a problem for an unknown route', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
  });
});
