import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/access/actor.ts';
import type { Role } from '../../src/domain/access/actor.ts';
import { paths } from '../../src/paths.ts';
import { MEDWAY, dataQualityApp } from '../factories/data-quality.ts';
import type { DataQualityFixture } from '../factories/data-quality.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { hrefsOf, tableRows } from '../helpers/html.ts';
import { HOME_OF } from '../helpers/organisations.ts';
import { signedInClient, titleOf } from '../helpers/web-client.ts';

// The records behind each completeness figure of the data-quality overview, with a link to put each one right:
// the same records the counts leave out (test/factories/data-quality.ts says which), for the same people.

let t: TestApp;
let fixture: DataQualityFixture;

beforeAll(async () => {
  ({ t, fixture } = await dataQualityApp());
}, 60_000);
afterAll(async () => t.close());

const signIn = async (role: Role, organisation = HOME_OF[role]) => (await signedInClient(t.app, t.services, organisation, role)).client;
const RECORDS = 'Records to put right';

describe('the records behind a completeness figure', () => {
  it('links each figure with a gap from the overview to its records', async () => {
    const overview = await (await signIn('data_officer')).get(paths.dataQuality);
    const links = hrefsOf(overview.body);
    for (const measure of ['nationality', 'trafficking-status', 'police-reference', 'return-interview'])
      expect(links, measure).toContain(paths.dataQualityGaps(measure));
    // Every episode reported to the police has its reference: nothing to put right, no link.
    expect(links).not.toContain(paths.dataQualityGaps('police-reference-when-reported'));
    expect(overview.body).toContain('8 records<span class="govuk-visually-hidden"> without this</span>');
  });

  it('lists the looked-after children with no nationality known, each with where to record it', async () => {
    const page = await (await signIn('data_officer')).get(paths.dataQualityGaps('nationality'));
    expect(page.statusCode).toBe(200);
    expect(titleOf(page.body)).toBe('Nationality known – Lantern');
    const rows = tableRows(page.body, RECORDS);
    expect(rows).toHaveLength(8);
    // "unknown" is not known; a child no longer looked after is not counted.
    expect(rows.map((row) => row[0])).toEqual(expect.arrayContaining(['Amira Fictional', 'Broken Record']));
    expect(rows.map((row) => row[0])).not.toContain('Left Care');
    expect(hrefsOf(page.body)).toContain(paths.changeNationality(fixture.amira));
    expect(page.body).toContain('Record their nationality<span class="govuk-visually-hidden"> for Amira Fictional</span>');
  });

  it('lists the concern with no status, the missing episode with no police reference, and the interviews not recorded', async () => {
    const officer = await signIn('team_manager');
    const concerns = await officer.get(paths.dataQualityGaps('trafficking-status'));
    expect(tableRows(concerns.body, RECORDS).map((row) => row[0])).toEqual(['Broken Record']);

    const references = await officer.get(paths.dataQualityGaps('police-reference'));
    expect(tableRows(references.body, RECORDS).map((row) => row.slice(0, 3))).toEqual([['Broken Record', expect.any(String), '1 May 2025 at 11:00am']]);
    // Still open: changed, not corrected.
    expect(hrefsOf(references.body)).toContain(paths.changeEpisode(fixture.staleEpisode));

    const interviews = await officer.get(paths.dataQualityGaps('return-interview'));
    expect(
      tableRows(interviews.body, RECORDS)
        .map((row) => row[0])
        .sort(),
    ).toEqual(['Amira Fictional', 'Rule Breaker']);
    expect(hrefsOf(interviews.body)).toContain(paths.recordReturnInterview(fixture.awayEpisode));

    const reported = await officer.get(paths.dataQualityGaps('police-reference-when-reported'));
    expect(reported.statusCode).toBe(200);
    expect(reported.body).toContain('None: every record has it.');
  });

  it('audits each list with its measure and how many children, never who', async () => {
    await (await signIn('data_officer')).get(paths.dataQualityGaps('nationality'));
    const events = await t.handle.db.selectFrom('auditEvent').select(['details']).where('entity', '=', 'dataQualityRecords').execute();
    expect(events.map((event) => event.details)).toContainEqual({ authority: 'E10000016', measure: 'nationality', childrenListed: 8 });
    expect(JSON.stringify(events)).not.toContain('Amira');
  });

  it('shows Medway’s officers Medway’s records only', async () => {
    const page = await (await signIn('data_officer', MEDWAY)).get(paths.dataQualityGaps('nationality'));
    expect(page.statusCode).toBe(200);
    for (const kentChild of [fixture.amira, fixture.stale]) expect(page.body).not.toContain(kentChild);
  });

  it('answers "Page not found" for a measure that does not exist', async () => {
    expect((await (await signIn('data_officer')).get(paths.dataQualityGaps('shoe-size'))).statusCode).toBe(404);
  });

  it.each(ROLES.filter((role) => !['data_officer', 'team_manager'].includes(role)))('tells a %s the page is not found', async (role) => {
    const page = await (await signIn(role)).get(paths.dataQualityGaps('nationality'));
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Amira');
  });
});
