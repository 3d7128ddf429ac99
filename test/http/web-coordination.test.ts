import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/domain/access/actor.ts';
import { aRecord, insertPopulation } from '../factories/statistics-population.ts';
import { buildTestApp } from '../helpers/build-test-app.ts';
import type { TestApp } from '../helpers/build-test-app.ts';
import { tableRows } from '../helpers/html.ts';
import { signedInClient } from '../helpers/web-client.ts';
import { addPartnerOrganisations, CROYDON, HOME_OF, KENT, MEDWAY } from './api-helpers.ts';

// Statistics of coordination (issue 14 item 6) through HTTP: the authority's own figures as they are on its
// data-quality page, the national unit's disclosure-controlled and rounded on the league table, and any year and
// area on the statistics page. The test clock is 15 June 2025: the latest reporting year is the 12 months to
// 30 September 2024. Every record key is 0, so no count is perturbed and the figures can be read exactly.

const CAPTION = 'Coordination between agencies';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
  await addPartnerOrganisations(t.handle.db);
  // Six Kent children placed in Medway, each missing once in March 2024 for a day; the host authority is told
  // within 24 hours of four episodes, and every interview is held within 72 hours of the return.
  const records = Array.from({ length: 6 }, (_, i) =>
    aRecord({
      care: [['2022-01-01', null, 'U1', KENT, MEDWAY]],
      episodes: [
        {
          startAt: `2024-03-1${i}T10:00:00Z`,
          endAt: `2024-03-1${i + 1}T10:00:00Z`,
          host: MEDWAY,
          interview: { response: 'ACCEPTED', completedAt: `2024-03-1${i + 2}T10:00:00Z` },
        },
      ],
    }),
  );
  await insertPopulation(t.handle.db, records);
  const episodes = records.map((record) => record.missingEpisodes[0]!);
  for (const [i, episode] of episodes.entries()) {
    const told = new Date(Date.parse(episode.startAt) + (i < 4 ? 2 : 48) * 3_600_000).toISOString();
    await t.handle.db.updateTable('missingEpisode').set({ hostAuthorityToldAt: told }).where('id', '=', episode.id).execute();
  }
  // Seven alerts about them: five acknowledged after 30 minutes, two nobody has acknowledged, past their clock.
  await t.handle.db
    .insertInto('alert')
    .values(
      Array.from({ length: 7 }, (_, i) => {
        const raisedAt = `2024-03-1${i % 6}T10:00:00.000Z`;
        return {
          id: randomUUID(),
          rule: 'MISSING_REPORTED',
          childId: records[i % 6]!.id,
          responsibleAuthorityCode: KENT,
          subjectType: 'missingEpisode',
          subjectId: episodes[i % 6]!.id,
          recipient: i < 6 ? 'responsible_duty' : 'responsible_managers',
          organisationCode: KENT,
          raisedBy: 'lantern',
          raisedAt,
          acknowledgeBy: new Date(Date.parse(raisedAt) + 3_600_000).toISOString(),
          acknowledgedAt: i < 5 ? new Date(Date.parse(raisedAt) + 30 * 60_000).toISOString() : null,
        };
      }),
    )
    .execute();
}, 60_000);
afterAll(async () => {
  await t.close();
});

const pageOf = async (path: string, role: Role, organisation = HOME_OF[role]) => {
  const { client } = await signedInClient(t.app, t.services, organisation, role);
  const page = await client.get(path);
  expect(page.statusCode).toBe(200);
  return page.body;
};

describe('statistics of coordination', () => {
  it('shows a Kent team manager Kent’s own figures as they are on the data-quality page', async () => {
    const body = await pageOf('/data-quality', 'team_manager');
    expect(body).toContain('from 1 October 2023 to 30 September 2024');
    expect(tableRows(body, CAPTION)).toEqual([['Kent', '4 of 6 (66.7%)', '30 minutes', '2', '6 of 6 (100.0%)']]);
    expect(body).toContain('href="/statistics?year=2024&amp;cohort=trafficked&amp;geography=authority%3AE10000016');
  });

  it('shows the national unit the UK, small counts suppressed and counts rounded, on the league table', async () => {
    const body = await pageOf('/data-quality/league-table', 'national_analyst');
    const rows = tableRows(body, CAPTION);
    // 4 and 2 are suppressed; 6 episodes are rounded to 10; five alerts acknowledged is enough for a median.
    expect(rows).toEqual([
      ['Kent', '[c] of 10', '30 minutes', '[c]', '10 of 10 (100%)'],
      ['United Kingdom', '[c] of 10', '30 minutes', '[c]', '10 of 10 (100%)'],
    ]);
    expect(body).toContain('Counts are rounded to the nearest 10 [note 1]');
    expect(body).toContain('[c] Suppressed to protect confidentiality');
    expect(body).not.toContain('4 of 6');
  });

  it('shows Medway Kent’s figures only disclosure-controlled, for any area on the statistics page', async () => {
    const kent = await pageOf(`/statistics?year=2024&geography=authority:${KENT}`, 'data_officer', MEDWAY);
    expect(tableRows(kent, CAPTION)).toEqual([['Kent', '[c] of 6', '30 minutes', '[c]', '6 of 6 (100.0%)']]);
    const southEast = await pageOf('/statistics?year=2024&geography=region:South%20East', 'data_officer', MEDWAY);
    expect(tableRows(southEast, CAPTION).map((row) => row[0])).toEqual(['Kent', 'South East']);
  });

  it('counts nothing in a year with nothing in it, and nothing of Kent’s for Croydon', async () => {
    expect(await pageOf('/statistics?year=2023&geography=authority:E10000016', 'team_manager')).toContain(
      'Nothing to count: no missing episodes or alerts in Kent in the period.',
    );
    const croydon = await pageOf('/data-quality', 'data_officer', CROYDON);
    expect(croydon).toContain('Nothing to count: no missing episodes or alerts in Croydon in the period.');
  });

  it('audits every request for the figures', async () => {
    const before = await t.handle.db.selectFrom('auditEvent').select('id').where('entityId', '=', 'coordination').execute();
    await pageOf('/data-quality', 'team_manager');
    const after = await t.handle.db.selectFrom('auditEvent').select(['action', 'entity']).where('entityId', '=', 'coordination').execute();
    expect(after).toHaveLength(before.length + 1);
    expect(after.at(-1)).toEqual({ action: 'EXPORT', entity: 'statistics' });
  });
});
