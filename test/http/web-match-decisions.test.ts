import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/actor.ts';
import { recordAlertAction } from '../../src/db/repositories/alert-repository.ts';
import { paths } from '../../src/paths.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import { aChild, addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, KENT, KENT_POLICE, MEDWAY } from './api-helpers.ts';

// A reviewer's decision on two records that may be one child (issue 13 item 5). Kent has Tesfaye
// missing; Medway takes in a boy who gives another spelling of his name and adds him. Medway sees
// Kent's record proposed, compares the two, confirms: the records are linked, Kent is told at once,
// and the decision is in both children's audit. A pair excluded, with a reason, is not proposed again.

let t: TestApp;
let kentTesfaye: string;
let medwayTesfay: string;
let kentSara: string;
let medwaySarah: string;

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  const kent = apiClient(t.app, await t.token(KENT, 'social_worker'));
  const medway = apiClient(t.app, await t.token(MEDWAY, 'social_worker'));
  kentTesfaye = (
    await createLookedAfterChild(kent, { givenNames: 'Tesfaye', familyName: 'Haile', sex: 'M', dateOfBirthClaimed: '2009-03-04', nationality: 'ER' })
  ).id;
  const episode = await kent('POST', `/children/${kentTesfaye}/missing-episodes`, { type: 'M', startAt: '2025-06-14T20:00:00Z' });
  expect(episode.status).toBe(201);
  // The others need no care period: one request each.
  const add = async (api: typeof kent, child: Record<string, unknown>): Promise<string> => {
    const created = await api('POST', '/children', aChild({ upn: 'UN2', ...child }));
    expect(created.status).toBe(201);
    return (created.body['child'] as { id: string }).id;
  };
  kentSara = await add(kent, { givenNames: 'Sara', familyName: 'Bekele', sex: 'F', dateOfBirthClaimed: '2010-07-01', nationality: 'ET' });
  medwayTesfay = await add(medway, { givenNames: 'Tesfay', familyName: 'Haile', sex: 'M', dateOfBirthClaimed: '2009-03-04', nationality: 'ET' });
  medwaySarah = await add(medway, { givenNames: 'Sarah', familyName: 'Bekele', sex: 'F', dateOfBirthClaimed: '2010-07-01', nationality: 'ET' });
});
afterAll(async () => {
  await t.close();
});

const signIn = async (role: Role, organisation: string) => {
  const signed = await signedInClient(t.app, t.services, organisation, role);
  await signed.client.get(paths.home);
  return signed;
};

const linksOf = (childIds: string[]) => t.handle.db.selectFrom('childIdentityLink').selectAll().where('childId', 'in', childIds).execute();

describe('records that may be the same child', () => {
  it('should propose Kent’s record on the page Medway sees when it adds the child, with a link to compare', async () => {
    const { client } = await signIn('social_worker', MEDWAY);
    const added = await client.get(paths.childAdded(medwayTesfay));
    expect(added.statusCode).toBe(200);
    expect(added.body).toContain('Records that may be the same child');
    expect(added.body).toMatch(/1\. Tesfaye Haile: /);
    expect(added.body).toContain(`href="${paths.childMatch(medwayTesfay, kentTesfaye)}"`);
    // Recognition only: Kent's date of birth is not shown.
    expect(added.body).not.toContain('4 March 2009');
  });

  it('should show the two records side by side with the evidence, and ask whether they are the same child', async () => {
    const { client } = await signIn('data_officer', MEDWAY);
    const page = await client.get(paths.childMatch(medwayTesfay, kentTesfaye));
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Are these the same child? – Lantern');
    expect(page.body).toContain('Your record');
    expect(page.body).toContain('Kent');
    expect(page.body).toContain('How each detail moved the probability');
    expect(page.body).toContain('Are these records of the same child?');
  });

  it('should ask for an answer, and for a reason to exclude, naming the field and changing nothing', async () => {
    const { client } = await signIn('social_worker', MEDWAY);
    const none = await client.post(paths.childMatch(medwayTesfay, kentTesfaye), {});
    expect(none.statusCode).toBe(200);
    expect(titleOf(none.body)).toBe('Error: Are these the same child? – Lantern');
    expect(none.body).toContain('href="#sameChild">Select yes if these are the same child');
    const short = await client.post(paths.childMatch(medwayTesfay, kentTesfaye), { sameChild: 'no', reason: 'no' });
    expect(short.statusCode).toBe(200);
    expect(short.body).toContain('href="#reason">Enter why these are not the same child, in at least 10 characters');
    expect(await t.handle.db.selectFrom('matchDecision').select('id').execute()).toEqual([]);
  });

  it('should refuse the pages and the decision to anyone outside the first record’s authority, as "Page not found"', async () => {
    for (const [role, organisation] of [
      ['social_worker', CROYDON],
      ['social_worker', KENT],
      ['police_coordinator', KENT_POLICE],
    ] as const) {
      const { client } = await signIn(role, organisation);
      expect((await client.get(paths.childMatches(medwayTesfay))).statusCode).toBe(404);
      expect((await client.get(paths.childMatch(medwayTesfay, kentTesfaye))).statusCode).toBe(404);
      expect((await client.post(paths.childMatch(medwayTesfay, kentTesfaye), { sameChild: 'yes' })).statusCode).toBe(404);
    }
    expect((await (await signIn('social_worker', MEDWAY)).client.get(paths.childMatch(medwayTesfay, medwayTesfay))).statusCode).toBe(404);
    expect(await linksOf([medwayTesfay, kentTesfaye])).toEqual([]);
  });

  it('should link the two records when Medway confirms, tell Kent at once that its missing child is found, and audit it on both', async () => {
    const { client, userId } = await signIn('social_worker', MEDWAY);
    const decided = await client.post(paths.childMatch(medwayTesfay, kentTesfaye), { sameChild: 'yes' });
    expect(decided.statusCode).toBe(303);
    expect(decided.headers.location).toBe(paths.childMatch(medwayTesfay, kentTesfaye));

    const links = await linksOf([medwayTesfay, kentTesfaye]);
    expect(links).toHaveLength(2);
    expect(new Set(links.map((link) => link.personId)).size).toBe(1);
    expect(links.every((link) => link.confirmedBy === userId)).toBe(true);

    const alerts = await t.handle.db.selectFrom('alert').select(['rule', 'childId', 'organisationCode']).where('rule', '=', 'FOUND_CHILD_MATCHED').execute();
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((alert) => alert.childId === kentTesfaye)).toBe(true);
    expect(alerts.map((alert) => alert.organisationCode)).toContain(KENT);

    const audited = await t.handle.db.selectFrom('auditEvent').select(['childId', 'action']).where('entity', '=', 'matchDecision').execute();
    expect(audited.map((event) => event.childId).sort()).toEqual([medwayTesfay, kentTesfaye].sort());

    const page = await client.get(paths.childMatch(medwayTesfay, kentTesfaye));
    expect(page.body).toContain('These records are of the same child');
    expect(page.body).not.toContain('Are these records of the same child?');
    // A decision stands: a second one is refused with a message, and changes nothing.
    const again = await client.post(paths.childMatch(medwayTesfay, kentTesfaye), { sameChild: 'no', reason: 'Changed my mind about this one' });
    expect(again.statusCode).toBe(200);
    expect(again.body).toContain('Someone has already decided about these two records');
    expect(await t.handle.db.selectFrom('matchDecision').select('id').execute()).toHaveLength(1);
    // Linked records are not proposed again.
    expect((await client.get(paths.childMatches(medwayTesfay))).body).not.toContain(paths.childMatch(medwayTesfay, kentTesfaye));
  });

  it('should keep an excluded pair, with its reason, from being proposed again, and tell nobody', async () => {
    const { client } = await signIn('team_manager', MEDWAY);
    expect((await client.get(paths.childMatches(medwaySarah))).body).toContain(paths.childMatch(medwaySarah, kentSara));
    const alertsBefore = await t.handle.db.selectFrom('alert').select('id').execute();
    const decided = await client.post(paths.childMatch(medwaySarah, kentSara), { sameChild: 'no', reason: 'Kent’s photograph is of a different girl' });
    expect(decided.statusCode).toBe(303);
    const [decision] = await t.handle.db.selectFrom('matchDecision').selectAll().where('childId', '=', medwaySarah).execute();
    expect(decision).toMatchObject({ otherChildId: kentSara, decision: 'excluded', reason: 'Kent’s photograph is of a different girl' });
    expect(await linksOf([medwaySarah, kentSara])).toEqual([]);
    expect(await t.handle.db.selectFrom('alert').select('id').execute()).toHaveLength(alertsBefore.length);
    const matches = await client.get(paths.childMatches(medwaySarah));
    expect(matches.statusCode).toBe(200);
    expect(matches.body).not.toContain(paths.childMatch(medwaySarah, kentSara));
    expect((await client.get(paths.childMatch(medwaySarah, kentSara))).body).toContain('These records are not of the same child');
  });

  it('should let only a team manager undo a confirmation, with a reason, unlinking the records so the pair is proposed again', async () => {
    const undo = paths.childMatchUndo(medwayTesfay, kentTesfaye);
    const worker = await signIn('social_worker', MEDWAY);
    expect((await worker.client.get(paths.childMatch(medwayTesfay, kentTesfaye))).body).not.toContain('Undo decision');
    expect((await worker.client.post(undo, { undoReason: 'Confirmed the wrong pair of records' })).statusCode).toBe(404);
    expect((await (await signIn('team_manager', KENT)).client.post(undo, { undoReason: 'Confirmed the wrong pair of records' })).statusCode).toBe(404);
    expect(await linksOf([medwayTesfay, kentTesfaye])).toHaveLength(2);

    const { client } = await signIn('team_manager', MEDWAY);
    expect((await client.get(paths.childMatch(medwayTesfay, kentTesfaye))).body).toContain('Undo decision');
    const short = await client.post(undo, { undoReason: 'oops' });
    expect(short.statusCode).toBe(200);
    expect(short.body).toContain('href="#undoReason">Enter why the decision is being undone, in at least 10 characters');
    expect(await linksOf([medwayTesfay, kentTesfaye])).toHaveLength(2);

    // Kent's police have already acted on their alert that the child was found; the duty team and managers have not.
    const foundAlerts = () =>
      t.handle.db
        .selectFrom('alert')
        .select(['id', 'organisationCode', 'settledAt', 'version'])
        .where('rule', '=', 'FOUND_CHILD_MATCHED')
        .orderBy('id')
        .execute();
    const raised = await foundAlerts();
    const acted = raised.find((alert) => alert.organisationCode === KENT_POLICE);
    expect(acted).toBeDefined();
    expect(raised.some((alert) => alert.organisationCode === KENT)).toBe(true);
    const actor = { actorId: 'kent-police-officer', name: 'Kent police officer' };
    await recordAlertAction(t.handle.db, acted?.id ?? '', { text: 'Safe and well check arranged', ...actor }, '2025-06-15T09:00:00.000Z', acted?.version ?? 0);

    const undone = await client.post(undo, { undoReason: 'Confirmed the wrong pair of records' });
    expect(undone.statusCode).toBe(303);
    expect(await linksOf([medwayTesfay, kentTesfaye])).toEqual([]);
    // The child was not found after all: the alerts nobody acted on are withdrawn, each audited; the acted-on one stands.
    const after = await foundAlerts();
    const withdrawn = after.filter((alert) => alert.settledAt !== null).map((alert) => alert.id);
    expect(withdrawn).toEqual(raised.filter((alert) => alert.id !== acted?.id).map((alert) => alert.id));
    const settledEvents = await t.handle.db
      .selectFrom('auditEvent')
      .select('entityId')
      .where('entity', '=', 'alert')
      .where('action', '=', 'CHANGE')
      .where(
        'entityId',
        'in',
        raised.map((alert) => alert.id),
      )
      .execute();
    expect(settledEvents.map((event) => event.entityId).sort()).toEqual([...withdrawn].sort());
    const [decision] = await t.handle.db.selectFrom('matchDecision').selectAll().where('childId', '=', medwayTesfay).execute();
    expect(decision).toMatchObject({ decision: 'confirmed', undoneReason: 'Confirmed the wrong pair of records' });
    expect(decision?.undoneAt).not.toBeNull();
    const audited = await t.handle.db
      .selectFrom('auditEvent')
      .select(['childId', 'reason'])
      .where('entity', '=', 'matchDecision')
      .where('action', '=', 'CHANGE')
      .execute();
    expect(audited.map((event) => event.childId).sort()).toEqual([medwayTesfay, kentTesfaye].sort());
    expect(audited.every((event) => event.reason === 'Confirmed the wrong pair of records')).toBe(true);

    // The pair is open again: proposed, and decided afresh.
    expect((await client.get(paths.childMatches(medwayTesfay))).body).toContain(paths.childMatch(medwayTesfay, kentTesfaye));
    expect((await client.get(paths.childMatch(medwayTesfay, kentTesfaye))).body).toContain('Are these records of the same child?');
    // Undoing again finds nothing standing, and changes nothing.
    expect((await client.post(undo, { undoReason: 'Confirmed the wrong pair of records' })).statusCode).toBe(303);
    expect(await t.handle.db.selectFrom('matchDecision').select('id').where('undoneAt', 'is', null).where('childId', '=', medwayTesfay).execute()).toEqual([]);
  });
});
