import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paths } from '../../src/paths.ts';
import type { Actor, Role } from '../../src/domain/access/actor.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';
import type { WebClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, apiClient, createLookedAfterChild, CROYDON, GUARDIANS, KENT, KENT_POLICE, MEDWAY, NATIONAL } from './api-helpers.ts';
import type { Api } from './api-helpers.ts';

// The children pages through app.inject: find a child, the child's record in each view, add a child.

const run = promisify(execFile);

let t: TestApp;
let kent: Api;
/** Kent's child placed out of area in Medway, missing now, with an alias, a trafficking concern and an NRM referral. */
let missingChild: string;
/** Kent's child placed in area, back from an episode with a late return home interview. */
let foundChild: string;
let foundEpisode: string;
let missingEpisode: string;

/** The page's text without tags, entities decoded, whitespace collapsed. */
function textOf(html: string): string {
  return html
    .replaceAll(/<script[\s\S]*?<\/script>/g, ' ')
    .replaceAll(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replaceAll('&quot;', '"')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replaceAll(/\s+/g, ' ');
}

/** A PDF's text as pdftotext reads it (poppler-utils, installed by .ci/run). */
async function pdfText(pdf: Buffer): Promise<string> {
  const folder = await mkdtemp(path.join(tmpdir(), 'lantern-record-pdf-'));
  try {
    await writeFile(path.join(folder, 'record.pdf'), pdf);
    const { stdout } = await run('pdftotext', ['-layout', path.join(folder, 'record.pdf'), '-']);
    return stdout.replaceAll(/\s+/g, ' ');
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The error summary's links: where each goes and what it says. */
function errorSummaryOf(html: string): { href: string; text: string }[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...summary.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map((match) => ({ href: match[1]!, text: textOf(match[2]!).trim() }));
}

/** A field's inline error message. */
function inlineErrorOf(html: string, id: string): string | null {
  const match = new RegExp(`<p id="${id}-error" class="govuk-error-message">([\\s\\S]*?)</p>`).exec(html);
  return match === null ? null : textOf(match[1]!).replace('Error:', '').trim();
}

async function signedIn(organisation: string, role: Role): Promise<{ client: WebClient; userId: string }> {
  const signed = await signedInClient(t.app, t.services, organisation, role);
  // A page first, for the CSRF token its forms carry.
  await signed.client.get(paths.home);
  return signed;
}

async function childCount(): Promise<number> {
  const row = await t.handle.db
    .selectFrom('child')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

async function auditEvents(actorId: string, action: string) {
  return t.handle.db
    .selectFrom('auditEvent')
    .select(['action', 'entity', 'entityId', 'details'])
    .where('actorId', '=', actorId)
    .where('action', '=', action)
    .execute();
}

beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  kent = apiClient(t.app, await t.token(KENT, 'social_worker'));

  missingChild = (
    await createLookedAfterChild(kent, {
      laChildId: 'KC-MISS-1',
      givenNames: 'José',
      familyName: 'Álvarez',
      dateOfBirthClaimed: '2009-02-03',
      nationality: 'AL',
      upn: 'A123456789012',
      homeOfficeReference: 'HO-REF-777',
      nrmReference: 'NRM-REF-555',
      languages: ['Albanian', 'Italian'],
      interpreterNeeded: true,
    })
  ).id;
  const record = await kent('GET', `/children/${missingChild}`);
  const period = (record.body['carePeriods'] as { id: string; version: number }[])[0]!;
  await kent('PATCH', `/care-periods/${period.id}`, { hostAuthorityCode: MEDWAY, version: period.version });
  await kent('POST', `/children/${missingChild}/aliases`, {
    givenNames: 'Mikhail',
    familyName: 'Petrov',
    source: 'Home Office',
    seenWhere: 'Dover',
    seenOn: '2025-01-05',
  });
  const concern = await kent('POST', `/children/${missingChild}/trafficking-concerns`, {
    raisedOn: '2025-01-10',
    raisedBy: 'Kent duty social worker',
    exploitationTypes: ['CRIMINAL'],
    indicators: ['GOING_MISSING'],
    countyLines: true,
  });
  const concernId = (concern.body as { id: string }).id;
  await kent('POST', `/trafficking-concerns/${concernId}/nrm-referral`, {
    referredOn: '2025-01-20',
    firstResponderOrganisation: 'Kent County Council',
    competentAuthority: 'SCA',
    reasonableGroundsDecision: 'POSITIVE',
    reasonableGroundsDecidedOn: '2025-02-01',
  });
  const episode = await kent('POST', `/children/${missingChild}/missing-episodes`, {
    type: 'M',
    startAt: '2025-06-14T20:00:00Z',
    policeForce: 'Kent Police',
    policeReference: 'KP-SEARCH-1',
    policeRiskLevel: 'HIGH',
  });
  missingEpisode = (episode.body as { id: string }).id;

  foundChild = (await createLookedAfterChild(kent, { laChildId: 'KC-FOUND-1', givenNames: 'Ana', familyName: 'Backagain', dateOfBirthClaimed: '2010-07-08' }))
    .id;
  const closed = await kent('POST', `/children/${foundChild}/missing-episodes`, {
    type: 'M',
    startAt: '2025-06-01T10:00:00Z',
    endAt: '2025-06-02T10:00:00Z',
    endReason: 'FOUND_POLICE',
  });
  foundEpisode = (closed.body as { id: string }).id;
  const interview = await kent('PUT', `/missing-episodes/${foundEpisode}/return-interview`, {
    response: 'ACCEPTED',
    offeredAt: '2025-06-02T12:00:00Z',
    completedAt: '2025-06-07T10:00:00Z',
    interviewerType: 'INDEPENDENT_PROVIDER',
    outcomes: ['SAFEGUARDING_REFERRAL'],
  });
  if (interview.status !== 200) throw new Error(`interview: ${JSON.stringify(interview.body)}`);
});
afterAll(async () => {
  await t.close();
});

describe('find a child', () => {
  it('should show the search form with a title that names no one', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.get(paths.findChild);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Find a child – Lantern');
    expect(page.body).toContain('name="dateOfBirth-day"');
    expect(page.body).toContain(`href="${paths.addChild}"`);
  });

  it('should ask for something to search by when the form is empty', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.post(paths.findChild, { name: '', identifier: '', 'dateOfBirth-day': '', 'dateOfBirth-month': '', 'dateOfBirth-year': '' });
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Error: Find a child – Lantern');
    expect(errorSummaryOf(page.body)).toEqual([{ href: '#name', text: 'Enter a name, an ID or reference, or a date of birth' }]);
    expect(inlineErrorOf(page.body, 'name')).toBe('Enter a name, an ID or reference, or a date of birth');
  });

  it.each([
    [{ 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2010' }, 'Date of birth must be a real date'],
    [{ 'dateOfBirth-day': '3', 'dateOfBirth-month': '2', 'dateOfBirth-year': '' }, 'Date of birth must include a year'],
    [{ 'dateOfBirth-day': '16', 'dateOfBirth-month': '6', 'dateOfBirth-year': '2025' }, 'Date of birth must be today or in the past'],
  ])('should explain a date of birth that cannot be searched for (%o)', async (date, message) => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.post(paths.findChild, { name: 'Ana', ...date });
    expect(errorSummaryOf(page.body)).toEqual([{ href: '#dateOfBirth-day', text: message }]);
    expect(inlineErrorOf(page.body, 'dateOfBirth')).toBe(message);
    // The form keeps what was typed.
    expect(page.body).toContain('value="Ana"');
  });

  it.each([
    ['part of a family name, in another case and without accents', { name: 'ALVAR' }],
    ['given and family name in either order', { name: 'alvarez jose' }],
    ['accented letters typed as they are stored', { name: 'Álvarez' }],
    ['an alias', { name: 'Mikhail Petr' }],
    ['the authority’s child id', { identifier: 'kc-miss-1' }],
    ['the unique pupil number', { identifier: 'A123456789012' }],
    ['the Home Office reference', { identifier: 'ho-ref-777' }],
    ['the NRM reference', { identifier: 'NRM-REF-555' }],
    ['the date of birth', { 'dateOfBirth-day': '3', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2009' }],
    ['a name and a date of birth together', { name: 'jose', 'dateOfBirth-day': '03', 'dateOfBirth-month': '02', 'dateOfBirth-year': '2009' }],
  ])('should find a child by %s', async (_how, form) => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.post(paths.findChild, form);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Search results – Find a child – Lantern');
    const text = textOf(page.body);
    expect(text).toContain('1 child found');
    expect(page.body).toContain(`href="${paths.child(missingChild)}"`);
    expect(text).toContain('José Álvarez 3 February 2009 KC-MISS-1 Albania Missing now');
  });

  it('should not match part of an identifier, or a name where only one of its words matches', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    const forms: Record<string, string>[] = [{ identifier: 'KC-MISS' }, { name: 'José Backagain' }];
    for (const form of forms) {
      const page = await client.post(paths.findChild, form);
      expect(textOf(page.body)).toContain('0 children found');
    }
  });

  it('should say clearly when no child is found', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.post(paths.findChild, { name: 'Nobodyofthatname' });
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('No children found');
    expect(page.body).not.toContain('govuk-table');
  });

  it('should tell those who cannot search why, rather than show a search that finds nothing', async () => {
    const { client } = await signedIn(KENT_POLICE, 'police_coordinator');
    const page = await client.get(paths.findChild);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Searching is for the staff of the local authority responsible for a child');
    expect(page.body).not.toContain('name="identifier"');
    const posted = await client.post(paths.findChild, { name: 'Álvarez' });
    expect(posted.body).not.toContain(missingChild);
  });

  it('should not find another authority’s children', async () => {
    const { client } = await signedIn(CROYDON, 'social_worker');
    const page = await client.post(paths.findChild, { name: 'Álvarez' });
    expect(textOf(page.body)).toContain('No children found');
    expect(page.body).not.toContain(missingChild);
  });

  it('should page through many results by form posts, keeping the search out of the address', async () => {
    const worker: Actor = { id: randomUUID(), organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' };
    for (let index = 0; index < 23; index += 1) {
      const created = await t.services.children.addLookedAfterChild(worker, {
        laChildId: `PG${index}`,
        givenNames: `Page${String(index).padStart(2, '0')}`,
        familyName: 'Manyresults',
        sex: 'M',
        dateOfBirthClaimed: '2011-01-01',
      });
      if (!created.ok) throw new Error(JSON.stringify(created.error));
    }
    const { client } = await signedIn(KENT, 'social_worker');
    const first = await client.post(paths.findChild, { name: 'manyresults' });
    expect(textOf(first.body)).toContain('23 children found');
    expect(textOf(first.body)).toContain('Showing 1 to 20 of 23 children');
    expect(first.body.match(/<tr class="govuk-table__row">/g)?.length).toBe(21);
    expect(first.body).toContain('<button type="submit" name="page" value="2"');
    expect(first.body).toContain('<input type="hidden" name="name" value="manyresults">');
    // Every form on the page posts to the bare path.
    expect([...first.body.matchAll(/action="([^"]*)"/g)].every((match) => !match[1]!.includes('?'))).toBe(true);

    const second = await client.post(paths.findChild, { name: 'manyresults', page: '2' });
    const text = textOf(second.body);
    expect(text).toContain('Showing 21 to 23 of 23 children');
    expect(text).toContain('Page20 Manyresults');
    expect(text).not.toContain('Page00 Manyresults');
    expect(second.body).toContain('<button type="submit" name="page" value="1"');
  });

  it('should audit a search by the filters used, never the words searched for', async () => {
    const { client, userId } = await signedIn(KENT, 'social_worker');
    await client.post(paths.findChild, { name: 'Álvarez', 'dateOfBirth-day': '3', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2009' });
    await client.post(paths.findChild, { identifier: 'HO-REF-777' });
    const events = await auditEvents(userId, 'SEARCH');
    expect(events.map((event) => event.details)).toEqual([
      { filters: ['name', 'dateOfBirth'], page: 1 },
      { filters: ['identifier'], page: 1 },
    ]);
    expect(JSON.stringify(events)).not.toMatch(/lvarez|2009|HO-REF/i);
  });
});

describe('the child’s record', () => {
  it('should show the responsible authority the whole record, with the actions that change it', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.get(paths.child(missingChild));
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Case file – Child’s record – Lantern');
    const text = textOf(page.body);
    expect(text).toContain('José Álvarez');
    expect(text).toContain('Mikhail Petrov: known to Home Office, seen in Dover on 5 January 2025');
    expect(text).toContain('Albanian, Italian');
    expect(text).toContain('Interpreter needed Yes');
    expect(text).toContain('NRM reference NRM-REF-555');
    expect(text).toContain('Home Office reference HO-REF-777');
    expect(text).toContain('Date of birth given 3 February 2009');
    expect(text).toContain('Age 16');
    expect(text).toContain('Age status Age accepted');
    // The care period, placed out of area.
    expect(text).toContain('C2: Full care order');
    expect(text).toContain('Medway Out of area');
    // Trafficking: status timeline and the NRM referral.
    expect(text).toContain('Concern raised on 10 January 2025');
    expect(text).toContain('1 February 2025 : Identified (Positive reasonable grounds decision)');
    expect(text).toContain('Reasonable grounds decision Positive, 1 February 2025');
    expect(text).toContain('County lines Yes');
    // Missing now: the episode and its 72-hour state.
    expect(text).toContain('Missing since 14 June 2025 at 9:00pm');
    expect(text).toContain('Police reference KP-SEARCH-1');
    expect(text).toContain('Not due yet Due within 72 hours of the child coming back');
    expect(text).toContain('No guardian allocated');
    // The writer's actions: not "Report missing", as the child is missing now.
    expect(page.body).toContain(`href="${paths.recordReturn(missingEpisode)}"`);
    expect(page.body).toContain(`href="${paths.philomenaPartTwo(missingEpisode)}"`);
    expect(page.body).toContain(`href="${paths.philomenaProfile(missingChild)}"`);
    expect(page.body).toContain(`href="${paths.addCarePeriod(missingChild)}"`);
    expect(page.body).toContain(`href="${paths.raiseConcern(missingChild)}"`);
    expect(page.body).toMatch(new RegExp(`href="/care-periods/[0-9a-f-]{36}/end"`));
    expect(page.body).toMatch(new RegExp(`href="/trafficking-concerns/[0-9a-f-]{36}"`));
    expect(page.body).not.toContain(`href="${paths.reportMissing(missingChild)}"`);
  });

  it('should show an episode’s return home interview and whether it was in time', async () => {
    const { client } = await signedIn(KENT, 'team_manager');
    const page = await client.get(paths.child(foundChild));
    const text = textOf(page.body);
    expect(text).toContain('Missing from 1 June 2025 at 11:00am');
    expect(text).toContain('Came back 2 June 2025 at 11:00am');
    expect(text).toContain('How they came back Found by the police');
    expect(text).toContain('Completed late Due by 5 June 2025 at 11:00am');
    expect(text).toContain('Interviewed by Independent return interview provider');
    expect(text).toContain('Outcomes Safeguarding referral');
    expect(page.body).toContain(`href="${paths.reportMissing(foundChild)}"`);
    // Completed: nothing left to record for the interview.
    expect(page.body).not.toContain(`href="${paths.recordReturnInterview(foundEpisode)}"`);
  });

  it('should show the host authority what a host needs, and no actions', async () => {
    const { client } = await signedIn(MEDWAY, 'social_worker');
    const page = await client.get(paths.child(missingChild));
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Your authority hosts this child’s placement');
    expect(text).toContain('Current placement');
    expect(text).toContain('Police reference KP-SEARCH-1');
    expect(text).toContain('Return home interview');
    expect(text).not.toContain('NRM-REF-555');
    expect(text).not.toContain('Trafficking concerns');
    expect(text).not.toContain('Unaccompanied asylum-seeking child');
    expect(page.body).not.toContain(paths.recordReturn(missingEpisode));
    expect(page.body).not.toContain(paths.philomenaPartTwo(missingEpisode));
    expect(page.body).not.toContain(paths.addCarePeriod(missingChild));
  });

  it('should show an allocated guardian the whole record, read only, with themselves as the guardian', async () => {
    const { client, userId } = await signedIn(GUARDIANS, 'advocate');
    await t.handle.db
      .insertInto('advocateAllocation')
      .values({
        id: randomUUID(),
        childId: missingChild,
        advocateId: userId,
        organisationCode: GUARDIANS,
        allocatedOn: '2025-03-01',
        endedOn: null,
        createdAt: '2025-03-01T00:00:00Z',
      })
      .execute();
    const page = await client.get(paths.child(missingChild));
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('You are this child’s allocated guardian');
    expect(text).toContain('Concern raised on 10 January 2025');
    expect(text).toContain('NRM reference NRM-REF-555');
    expect(text).toContain('Name Test advocate Organisation Independent Child Trafficking Guardians Allocated on 1 March 2025');
    expect(page.body).not.toContain(paths.recordReturn(missingEpisode));
    expect(page.body).not.toContain(paths.raiseConcern(missingChild));
  });

  it('should show the police what they need to find a missing child, without interviews or other agencies’ references', async () => {
    const { client } = await signedIn(KENT_POLICE, 'police_coordinator');
    const page = await client.get(paths.child(missingChild));
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('You see this record because the child is missing in your force’s area');
    expect(text).toContain('Police reference KP-SEARCH-1');
    expect(text).toContain('Mikhail Petrov');
    expect(text).not.toContain('Return home interview');
    expect(text).not.toContain('HO-REF-777');
    expect(text).not.toContain('A123456789012');
    expect(text).not.toContain('NRM-REF-555');
    expect(text).not.toContain('Concern raised');
    expect(text).not.toContain('guardian');
  });

  it.each([
    ['another authority', CROYDON, 'social_worker'],
    ['a guardian not allocated to the child', GUARDIANS, 'advocate'],
    ['the police for a child who is not missing', KENT_POLICE, 'police_coordinator'],
    ['a national analyst', NATIONAL, 'national_analyst'],
  ] as const)('should answer "Page not found" to %s, as for a child that does not exist', async (_who, organisation, role) => {
    const { client } = await signedIn(organisation, role);
    const page = await client.get(paths.child(foundChild));
    expect(page.statusCode).toBe(404);
    expect(titleOf(page.body)).toBe('Page not found – Lantern');
    expect(page.body).not.toContain('Backagain');
    const nobody = await client.get(paths.child(randomUUID()));
    expect(nobody.statusCode).toBe(404);
    expect(titleOf(nobody.body)).toBe('Page not found – Lantern');
  });

  it('should answer "Page not found" for an address that is not a child’s id', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.get('/children/not-a-uuid');
    expect(page.statusCode).toBe(404);
    expect(titleOf(page.body)).toBe('Page not found – Lantern');
  });

  it('should audit each view of the record with the view given', async () => {
    const { client, userId } = await signedIn(MEDWAY, 'data_officer');
    await client.get(paths.child(missingChild));
    expect(await auditEvents(userId, 'VIEW_RECORD')).toEqual([{ action: 'VIEW_RECORD', entity: 'child', entityId: missingChild, details: { view: 'host' } }]);
  });

  it('should open with a summary, list its sections to jump to, and end with a chronology', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.get(paths.child(missingChild));
    const text = textOf(page.body);
    expect(text).toContain(
      'Summary Missing now Yes, since 14 June 2025 at 9:00pm Police risk level High Age status Age accepted Trafficking status Identified ' +
        'Independent child trafficking guardian Test advocate, Independent Child Trafficking Guardians Placement',
    );
    expect(text).toContain('in Medway (out of area)');
    const anchors = [...page.body.matchAll(/<li><a class="govuk-link" href="#([a-z]+)">/g)].map((match) => match[1]);
    expect(anchors).toEqual(['identity', 'age', 'uasc', 'care', 'trafficking', 'missing', 'guardian', 'chronology']);
    for (const anchor of anchors) expect(page.body).toContain(`id="${anchor}"`);
    // Oldest first: the alias seen in Dover, the concern, the referral and its decision, then the episode.
    const chronology = text.slice(text.indexOf('When What happened'));
    const order = [
      'Known as Mikhail Petrov in Dover',
      'Trafficking concern raised by Kent duty social worker',
      'Referred to the National Referral Mechanism',
      'NRM reasonable grounds decision: positive',
      'Went missing from Medway; police risk level high',
    ];
    const positions = order.map((words) => chronology.indexOf(words));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(order.every((words) => chronology.includes(words))).toBe(true);
    expect(page.body).toContain('href="/stylesheets/lantern.css"');
    expect(page.body).toContain('<p class="app-print-only');
  });

  it('should leave out of the summary and the chronology what the view does not show', async () => {
    const { client } = await signedIn(KENT_POLICE, 'police_coordinator');
    const page = await client.get(paths.child(missingChild));
    const text = textOf(page.body);
    expect(text).toContain('Summary Missing now Yes, since 14 June 2025 at 9:00pm Police risk level High Placement');
    expect(text).not.toContain('Trafficking status');
    expect(text).not.toContain('Trafficking concern raised');
    expect(text).not.toContain('Referred to the National Referral Mechanism');
    expect(text).toContain('Went missing from Medway');
    expect(page.body).not.toContain('href="#trafficking"');
    expect(page.body).not.toContain(paths.childExport(missingChild, 'pdf'));
  });

  it('should export the whole record as JSON for the responsible authority, and audit it', async () => {
    const { client, userId } = await signedIn(KENT, 'data_officer');
    const page = await client.get(paths.child(missingChild));
    expect(page.body).toContain(`href="${paths.childExport(missingChild, 'json')}"`);
    const response = await client.get(paths.childExport(missingChild, 'json'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="child-record-${missingChild}.json"`);
    expect(response.headers['cache-control']).toBe('no-store');
    const exported = JSON.parse(response.body) as Record<string, unknown> & { record: Record<string, unknown>; chronology: { what: string }[] };
    expect(exported['marking']).toBe('OFFICIAL-SENSITIVE');
    expect(exported['view']).toBe('full');
    expect(exported['exportedBy']).toEqual({ id: userId, organisationCode: KENT, role: 'data_officer' });
    expect(exported.record['child']).toMatchObject({ givenNames: 'José', familyName: 'Álvarez', nrmReference: 'NRM-REF-555' });
    expect(exported.record['aliases']).toEqual([expect.objectContaining({ givenNames: 'Mikhail', seenWhere: 'Dover' })]);
    expect(exported.record['missingEpisodes']).toEqual([expect.objectContaining({ policeReference: 'KP-SEARCH-1' })]);
    expect(exported.chronology.map((entry) => entry.what)).toContain('Trafficking concern raised by Kent duty social worker');
    expect(await auditEvents(userId, 'EXPORT')).toEqual([
      { action: 'EXPORT', entity: 'child', entityId: missingChild, details: { view: 'full', format: 'json' } },
    ]);
  });

  it('should export the whole record as a PDF, marked on every page, and audit it', async () => {
    const { client, userId } = await signedIn(KENT, 'social_worker');
    const response = await client.get(paths.childExport(missingChild, 'pdf'));
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(response.rawPayload);
    expect(text).toContain('José Álvarez');
    expect(text).toContain('OFFICIAL-SENSITIVE');
    expect(text).toContain('KP-SEARCH-1');
    expect(text).toContain('Trafficking concern raised by Kent duty social worker');
    expect(text).toContain('Chronology');
    expect(await auditEvents(userId, 'EXPORT')).toEqual([
      { action: 'EXPORT', entity: 'child', entityId: missingChild, details: { view: 'full', format: 'pdf' } },
    ]);
  });

  it.each([
    ['the host authority', MEDWAY, 'social_worker'],
    ['the police', KENT_POLICE, 'police_coordinator'],
    ['another authority', CROYDON, 'data_officer'],
  ] as const)('should answer "Page not found" to an export by %s, and record no export', async (_who, organisation, role) => {
    const { client, userId } = await signedIn(organisation, role);
    for (const format of ['json', 'pdf'] as const) {
      const response = await client.get(paths.childExport(missingChild, format));
      expect(response.statusCode).toBe(404);
      expect(titleOf(response.body)).toBe('Page not found – Lantern');
      expect(response.body).not.toContain('Álvarez');
    }
    expect(await auditEvents(userId, 'EXPORT')).toEqual([]);
  });

  it('should escape what was typed into the record', async () => {
    const { id } = await createLookedAfterChild(kent, { laChildId: 'KC-XSS', givenNames: '<script>alert(1)</script>', familyName: '"Quoted" & <b>bold</b>' });
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.get(paths.child(id));
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).not.toContain('<b>bold</b>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const results = await client.post(paths.findChild, { identifier: 'KC-XSS' });
    expect(results.body).not.toContain('<script>alert(1)</script>');
    expect(results.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('add a child', () => {
  const answers = (overrides: Record<string, string> = {}): Record<string, string> => ({
    givenNames: 'Rahel',
    familyName: 'Newchild',
    sex: 'F',
    dateOfBirthKnown: 'yes',
    'dateOfBirth-day': '12',
    'dateOfBirth-month': '4',
    'dateOfBirth-year': '2009',
    nationality: 'ER',
    laChildId: 'NEW-001',
    upn: '',
    upnUnknownReason: 'UN2',
    homeOfficeReference: 'HO-NEW-1',
    languages: 'Tigrinya, Arabic',
    interpreterNeeded: 'yes',
    'careStartDate-day': '1',
    'careStartDate-month': '5',
    'careStartDate-year': '2025',
    legalStatus: 'V2',
    placementType: 'U4',
    hostAuthority: KENT,
    ...overrides,
  });

  it('should show the form with the host authority set to the person’s own', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    const page = await client.get(paths.addChild);
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Add a child – Lantern');
    expect(page.body).toContain(`<option value="${KENT}" selected>Kent</option>`);
    expect(page.body).toContain('<option value="unknown">Not known</option>');
    expect(page.body).toContain('<option value="ER">Eritrea</option>');
  });

  it('should name every missing answer in the error summary and beside its field, and add nobody', async () => {
    const before = await childCount();
    const { client } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    const page = await client.post(paths.addChild, { intent: 'continue' });
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Error: Add a child – Lantern');
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#sex', text: 'Select the child’s sex' },
      { href: '#dateOfBirthKnown', text: 'Select yes if you know the child’s date of birth' },
      { href: '#nationality', text: 'Select the child’s nationality, or select Not known' },
      { href: '#laChildId', text: 'Enter your authority’s ID for the child' },
      { href: '#careStartDate-day', text: 'Enter the date they started being looked after' },
      { href: '#legalStatus', text: 'Select the child’s legal status' },
      { href: '#placementType', text: 'Select the type of placement' },
      { href: '#hostAuthority', text: 'Select the local authority the child is placed in' },
    ]);
    expect(inlineErrorOf(page.body, 'dateOfBirthKnown')).toBe('Select yes if you know the child’s date of birth');
    expect(inlineErrorOf(page.body, 'careStartDate')).toBe('Enter the date they started being looked after');
    expect(await childCount()).toBe(before);
  });

  it.each([
    [
      'an impossible date of birth',
      { 'dateOfBirth-day': '30', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2009' },
      'dateOfBirth',
      'The child’s date of birth must be a real date',
    ],
    [
      'a date of birth in the future',
      { 'dateOfBirth-day': '16', 'dateOfBirth-month': '6', 'dateOfBirth-year': '2025' },
      'dateOfBirth',
      'The child’s date of birth must be today or in the past',
    ],
    [
      'a date of birth before 1990',
      { 'dateOfBirth-day': '31', 'dateOfBirth-month': '12', 'dateOfBirth-year': '1989' },
      'dateOfBirth',
      'The child’s date of birth must be the same as or after 1 January 1990',
    ],
    [
      'an unknown date of birth with no estimated age',
      { dateOfBirthKnown: 'no', estimatedAgeSource: 'CHILD' },
      'estimatedAgeFrom',
      'Enter the child’s estimated age in years',
    ],
    [
      'an estimated age range that runs backwards',
      { dateOfBirthKnown: 'no', estimatedAgeFrom: '16', estimatedAgeTo: '15', estimatedAgeSource: 'CHILD' },
      'estimatedAgeTo',
      'The oldest estimated age must be the same as or more than the youngest',
    ],
    [
      'an estimated age with no one who estimated it',
      { dateOfBirthKnown: 'no', estimatedAgeFrom: '15' },
      'estimatedAgeSource',
      'Select who estimated the child’s age',
    ],
    [
      'a care period from before the child was born',
      { 'careStartDate-day': '1', 'careStartDate-month': '1', 'careStartDate-year': '2008' },
      'careStartDate',
      'The date they started being looked after must be on or after their date of birth',
    ],
    [
      'a care period starting in the future',
      { 'careStartDate-day': '1', 'careStartDate-month': '7', 'careStartDate-year': '2025' },
      'careStartDate',
      'The date they started being looked after must be today or in the past',
    ],
    ['an authority child ID that is too long', { laChildId: 'ELEVEN-CHAR' }, 'laChildId', 'Your authority’s ID for the child must be 10 characters or fewer'],
    ['a nationality that is not on the list', { nationality: 'XX' }, 'nationality', 'Select the child’s nationality, or select Not known'],
  ])('should explain %s', async (_what, overrides, field, message) => {
    const before = await childCount();
    const { client } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    const page = await client.post(paths.addChild, answers(overrides));
    expect(errorSummaryOf(page.body)).toEqual([{ href: `#${field}${field.endsWith('Date') || field === 'dateOfBirth' ? '-day' : ''}`, text: message }]);
    expect(inlineErrorOf(page.body, field)).toBe(message);
    expect(page.body).toContain('value="Rahel"');
    expect(await childCount()).toBe(before);
  });

  it('should map the service’s rules back onto the form: an ID already used, a host authority that is not one', async () => {
    const { client } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    const page = await client.post(paths.addChild, answers({ laChildId: 'KC-MISS-1', hostAuthority: 'NOT-AN-LA' }));
    expect(errorSummaryOf(page.body)).toEqual([
      { href: '#laChildId', text: 'A child with this ID is already recorded by your authority. Enter a different ID, or find the existing child' },
      { href: '#hostAuthority', text: 'Select a local authority from the list: this code is not a UK authority with children’s services' },
    ]);
  });

  it('should ask a UPN or why the child has none of a child looked after other than for short breaks (903 rule 442), and add nobody without', async () => {
    const before = await childCount();
    const { client } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    expect(page(await client.post(paths.addChild, answers({ upnUnknownReason: '' })))).toEqual([
      { href: '#upn', text: 'Enter the child’s unique pupil number (UPN), or if they do not have one, why not (UN1 to UN5)' },
    ]);
    expect(page(await client.post(paths.addChild, answers({ upn: 'A123456789012' })))).toEqual([
      { href: '#upn', text: 'Enter the child’s UPN, or select why they do not have one, not both' },
    ]);
    expect(page(await client.post(paths.addChild, answers({ upnUnknownReason: 'UN9' })))).toEqual([
      { href: '#upnUnknownReason', text: 'Select why the child does not have a UPN from the list' },
    ]);
    // Short breaks (V3) are not asked.
    const shortBreaks = await client.post(paths.addChild, answers({ upnUnknownReason: '', legalStatus: 'V3', placementType: 'U1' }));
    expect(titleOf(shortBreaks.body)).toBe('Check your answers before adding the child – Lantern');
    expect(await childCount()).toBe(before);

    function page(response: { body: string }) {
      return errorSummaryOf(response.body);
    }
  });

  it('should check the answers, let them be changed, then add the child and confirm it', async () => {
    const before = await childCount();
    const { client, userId } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    const check = await client.post(paths.addChild, answers({ hostAuthority: MEDWAY }));
    expect(check.statusCode).toBe(200);
    expect(titleOf(check.body)).toBe('Check your answers before adding the child – Lantern');
    const text = textOf(check.body);
    expect(text).toContain('Given names Rahel');
    expect(text).toContain('Date of birth given 12 April 2009');
    expect(text).toContain('Nationality Eritrea');
    expect(text).toContain('Languages Tigrinya, Arabic');
    expect(text).toContain('Interpreter needed Yes');
    expect(text).toContain('Unique pupil number (UPN) No UPN: UN2: Child has never attended school in England');
    expect(text).toContain('Legal status V2: Single period of accommodation under section 20 (Children Act 1989)');
    expect(text).toContain('Placed in Medway (out of area)');
    // The answers travel in the form, not the address; nothing is saved yet.
    expect(check.body).toContain('<input type="hidden" name="familyName" value="Newchild">');
    expect(await childCount()).toBe(before);

    const change = await client.post(paths.addChild, { ...answers({ hostAuthority: MEDWAY }), intent: 'change' });
    expect(titleOf(change.body)).toBe('Add a child – Lantern');
    expect(change.body).toContain('value="Newchild"');
    expect(change.body).toContain(`<option value="${MEDWAY}" selected>Medway</option>`);
    expect(change.body).not.toContain('govuk-error-summary');

    const added = await client.post(paths.addChild, { ...answers({ hostAuthority: MEDWAY, givenNames: 'Rahel Ruth' }), intent: 'save' });
    expect(added.statusCode).toBe(303);
    const location = String(added.headers.location);
    expect(location).toMatch(/^\/children\/[0-9a-f-]{36}\/added$/);
    const childId = location.split('/')[2]!;

    const confirmation = await client.get(location);
    expect(confirmation.statusCode).toBe(200);
    expect(titleOf(confirmation.body)).toBe('Child added – Lantern');
    expect(confirmation.body).toContain('govuk-panel--confirmation');
    expect(textOf(confirmation.body)).toContain('NEW-001');
    expect(confirmation.body).toContain(`href="${paths.child(childId)}"`);
    expect(confirmation.body).not.toContain('No care period is recorded');

    const record = await t.services.children.getChild({ id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' }, childId);
    if (!record.ok) throw new Error('not added');
    expect(record.value.child).toMatchObject({
      givenNames: 'Rahel Ruth',
      familyName: 'Newchild',
      sex: 'F',
      dateOfBirthClaimed: '2009-04-12',
      nationality: 'ER',
      laChildId: 'NEW-001',
      upn: 'UN2',
      homeOfficeReference: 'HO-NEW-1',
      languages: ['Tigrinya', 'Arabic'],
      interpreterNeeded: true,
    });
    expect(record.value.carePeriods).toMatchObject([
      { startDate: '2025-05-01', endDate: null, legalStatus: 'V2', placementType: 'U4', hostAuthorityCode: MEDWAY, outOfArea: true },
    ]);
    // Placed out of area: the alert to the host authority is made in the same transaction (issue 14).
    expect((await auditEvents(userId, 'CREATE')).map((event) => event.entity).sort()).toEqual(['alert', 'carePeriod', 'child']);
  });

  it('should add a child known by one name whose date of birth is not known, with an estimated age range and who estimated it', async () => {
    const { client, userId } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    const unknown = answers({
      laChildId: 'NEW-EST',
      givenNames: 'Rahel',
      familyName: '',
      dateOfBirthKnown: 'no',
      'dateOfBirth-day': '',
      'dateOfBirth-month': '',
      'dateOfBirth-year': '',
      estimatedAgeFrom: '15',
      estimatedAgeTo: '16',
      estimatedAgeSource: 'AGE_ASSESSMENT',
    });
    const check = await client.post(paths.addChild, unknown);
    const text = textOf(check.body);
    expect(text).toContain('Family name Not given');
    expect(text).toContain('Date of birth given Not known — estimated 15 to 16 years old (age assessment)');
    expect(check.body).not.toMatch(/undefined|Invalid date|NaN/);

    const added = await client.post(paths.addChild, { ...unknown, intent: 'save' });
    expect(added.statusCode).toBe(303);
    const childId = String(added.headers.location).split('/')[2]!;
    const record = await t.services.children.getChild({ id: userId, organisationCode: KENT, localAuthorityCode: KENT, role: 'social_worker' }, childId);
    if (!record.ok) throw new Error('not added');
    // Recorded today (15 June 2025 in these tests): 15 to 16 years old allows dates of birth from 16 June 2008 to 15 June 2010.
    expect(record.value.child).toMatchObject({
      givenNames: 'Rahel',
      familyName: null,
      dateOfBirthClaimed: null,
      dateOfBirthEstimate: { earliest: '2008-06-16', latest: '2010-06-15', source: 'AGE_ASSESSMENT', estimatedOn: '2025-06-15' },
    });

    const page = await client.get(paths.child(childId));
    const recordText = textOf(page.body);
    expect(recordText).toContain('Date of birth given Not known — estimated 15 to 16 years old (age assessment)');
    expect(recordText).toContain('Age estimated on 15 June 2025');
    expect(recordText).toContain('Age 15 to 16, from the estimate');
    expect(page.body).not.toMatch(/undefined|Invalid date|NaN/);

    const found = await client.post(paths.findChild, { name: 'rahel', 'dateOfBirth-day': '1', 'dateOfBirth-month': '1', 'dateOfBirth-year': '2010' });
    expect(textOf(found.body)).toContain('Not known — estimated 15 to 16 years old (age assessment)');
    expect(found.body).toContain(`href="${paths.child(childId)}"`);
  });

  it('should ask for at least one name, and add nobody without one', async () => {
    const before = await childCount();
    const { client } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    const page = await client.post(paths.addChild, answers({ givenNames: ' ', familyName: '' }));
    const message = 'Enter the child’s given names or family name. If they are known by one name only, enter it as their given name';
    expect(errorSummaryOf(page.body)).toEqual([{ href: '#givenNames', text: message }]);
    expect(inlineErrorOf(page.body, 'givenNames')).toBe(message);
    expect(await childCount()).toBe(before);
  });

  it('should add neither the child nor their care period when the care period is refused at confirmation', async () => {
    const before = await childCount();
    const { client } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    // A confirmation posted with a host authority that the check page would have refused.
    const page = await client.post(paths.addChild, { ...answers({ laChildId: 'NEW-002', hostAuthority: 'NOT-AN-LA' }), intent: 'save' });
    expect(titleOf(page.body)).toBe('Error: Add a child – Lantern');
    expect(textOf(page.body)).toContain('Select a local authority from the list');
    expect(await childCount()).toBe(before);
  });

  it('should refuse a confirmation whose answers were altered to be invalid, adding nobody', async () => {
    const before = await childCount();
    const { client } = await signedIn(KENT, 'social_worker');
    await client.get(paths.addChild);
    const page = await client.post(paths.addChild, { ...answers({ laChildId: 'NEW-003', 'dateOfBirth-year': '2030' }), intent: 'save' });
    expect(titleOf(page.body)).toBe('Error: Add a child – Lantern');
    expect(await childCount()).toBe(before);
  });

  it.each([
    [GUARDIANS, 'advocate'],
    [KENT_POLICE, 'police_coordinator'],
    [KENT, 'organisation_administrator'],
  ] as const)('should not offer adding a child to a %s %s', async (organisation, role) => {
    const { client } = await signedIn(organisation, role);
    expect((await client.get(paths.addChild)).statusCode).toBe(404);
    expect((await client.post(paths.addChild, answers({ laChildId: 'NEW-004' }))).statusCode).toBe(404);
    const find = await client.get(paths.findChild);
    expect(find.body).not.toContain(`href="${paths.addChild}"`);
  });

  it('should not show another authority the confirmation page of a child it cannot see', async () => {
    const { id } = await createLookedAfterChild(kent, { laChildId: 'KC-CONF' });
    const { client } = await signedIn(CROYDON, 'social_worker');
    expect((await client.get(`/children/${id}/added`)).statusCode).toBe(404);
  });
});
