import { describe, expect, it } from 'vitest';
import {
  buildAgeStatus,
  buildAlias,
  buildCarePeriod,
  buildConcern,
  buildEpisode,
  buildInterview,
  buildRecord,
  buildReferral,
  buildUascPeriod,
} from '../../test/factories/child-record.ts';
import { chronology } from './chronology.ts';

describe('chronology', () => {
  it('should list everything that happened to the child, oldest first', () => {
    const record = buildRecord({
      carePeriods: [buildCarePeriod({ startDate: '2023-01-01', endDate: '2025-04-01', reasonCeased: 'E11' })],
      ageStatuses: [buildAgeStatus({ effectiveFrom: '2023-01-02', status: 'DISPUTED' })],
      uascPeriods: [buildUascPeriod({ startDate: '2023-01-01', ceasedDate: null })],
      aliases: [buildAlias({ seenOn: '2022-12-30', seenWhere: 'Dover' })],
      traffickingConcerns: [buildConcern({ nrmReferral: buildReferral({ reasonableGroundsDecision: 'POSITIVE', reasonableGroundsDecidedOn: '2024-11-20' }) })],
      missingEpisodes: [buildEpisode({ returnInterview: buildInterview() })],
    });
    expect(chronology(record).map((entry) => `${entry.at} ${entry.kind}`)).toEqual([
      '2022-12-30 ALIAS_SEEN',
      '2023-01-01 CARE_STARTED',
      '2023-01-01 UASC_STARTED',
      '2023-01-02 AGE_STATUS',
      '2024-11-04 CONCERN_RAISED',
      '2024-11-04 TRAFFICKING_STATUS',
      '2024-11-10 NRM_REFERRED',
      '2024-11-20 NRM_REASONABLE_GROUNDS',
      '2025-03-01T21:15:00.000Z MISSING',
      '2025-03-02T08:30:00.000Z CAME_BACK',
      '2025-03-03T10:00:00Z RETURN_INTERVIEW_OFFERED',
      '2025-03-04T10:00:00Z RETURN_INTERVIEW_COMPLETED',
      '2025-04-01 CARE_ENDED',
    ]);
  });

  it('should place an instant on the UK day it fell on, after that day’s dated events', () => {
    // 11:30pm UTC on 31 May is 12:30am on 1 June in British Summer Time.
    const record = buildRecord({
      carePeriods: [buildCarePeriod({ startDate: '2025-06-01' })],
      missingEpisodes: [buildEpisode({ startAt: '2025-05-31T23:30:00Z', endAt: null, endReason: null, returnInterview: null })],
    });
    expect(chronology(record).map((entry) => entry.kind)).toEqual(['CARE_STARTED', 'MISSING']);
  });

  it('should leave out what has not happened yet: an open episode’s return, a pending decision', () => {
    const record = buildRecord({
      carePeriods: [buildCarePeriod({ endDate: null })],
      traffickingConcerns: [buildConcern({ nrmReferral: buildReferral() })],
      missingEpisodes: [buildEpisode({ endAt: null, endReason: null, returnInterview: null })],
    });
    const kinds = chronology(record).map((entry) => entry.kind);
    expect(kinds).not.toContain('CAME_BACK');
    expect(kinds).not.toContain('CARE_ENDED');
    expect(kinds).not.toContain('NRM_REASONABLE_GROUNDS');
  });
});
