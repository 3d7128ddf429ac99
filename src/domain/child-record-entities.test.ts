import { describe, expect, it } from 'vitest';
import { AUTHORITY, IDS, OTHER_AUTHORITY, buildCarePeriod, buildChild, buildEpisode } from '../../test/factories/child-record.ts';
import {
  changedMissingEpisode,
  closedMissingEpisode,
  episodeAuthorities,
  newCarePeriod,
  newChild,
  newChildRecord,
  newMissingEpisode,
} from './child-record-entities.ts';

const child = { id: IDS.child, responsibleAuthorityCode: AUTHORITY };

describe('a new child', () => {
  it('should hold what is not given as not known, at version 1', () => {
    expect(newChild(IDS.child, AUTHORITY, { laChildId: 'C1', givenNames: 'Ana', sex: 'F' })).toEqual({
      id: IDS.child,
      responsibleAuthorityCode: AUTHORITY,
      laChildId: 'C1',
      givenNames: 'Ana',
      familyName: null,
      sex: 'F',
      dateOfBirthClaimed: null,
      dateOfBirthAssessed: null,
      dateOfBirthEstimate: null,
      nationality: null,
      languages: [],
      interpreterNeeded: false,
      ethnicity: null,
      upn: null,
      homeOfficeReference: null,
      nrmReference: null,
      policePersonId: null,
      version: 1,
    });
  });

  it('should keep every detail given', () => {
    const { id, responsibleAuthorityCode, version: _version, ...details } = buildChild({ homeOfficeReference: 'HO-1', interpreterNeeded: true });
    expect(newChild(id, responsibleAuthorityCode, details)).toEqual(buildChild({ homeOfficeReference: 'HO-1', interpreterNeeded: true }));
  });

  it('should start a record with the parts given and every other part empty', () => {
    const record = newChildRecord(buildChild(), { carePeriods: [buildCarePeriod()] });
    expect(record.carePeriods).toEqual([buildCarePeriod()]);
    expect([
      record.aliases,
      record.ageStatuses,
      record.ageAssessments,
      record.uascPeriods,
      record.nationalTransfers,
      record.traffickingConcerns,
      record.missingEpisodes,
    ]).toEqual([[], [], [], [], [], [], []]);
  });
});

describe('a new care period', () => {
  it('should be placed in the responsible authority’s area unless a host is given', () => {
    const period = newCarePeriod(IDS.carePeriod, child, { startDate: '2024-01-01', legalStatus: 'C2', placementType: 'U1' });
    expect(period).toEqual({
      id: IDS.carePeriod,
      childId: IDS.child,
      startDate: '2024-01-01',
      endDate: null,
      legalStatus: 'C2',
      placementType: 'U1',
      reasonNewEpisode: null,
      reasonCeased: null,
      responsibleAuthorityCode: AUTHORITY,
      hostAuthorityCode: AUTHORITY,
      version: 1,
    });
    expect(newCarePeriod(IDS.carePeriod, child, { ...period, hostAuthorityCode: OTHER_AUTHORITY }).hostAuthorityCode).toBe(OTHER_AUTHORITY);
  });

  it('should take the responsible authority a file gives, and host there unless told otherwise', () => {
    const period = newCarePeriod(
      IDS.carePeriod,
      child,
      {
        startDate: '2024-01-01',
        legalStatus: 'C2',
        placementType: 'U1',
      },
      OTHER_AUTHORITY,
    );
    expect([period.responsibleAuthorityCode, period.hostAuthorityCode]).toEqual([OTHER_AUTHORITY, OTHER_AUTHORITY]);
  });
});

describe('a new missing episode', () => {
  const authorities = { responsibleAuthorityCode: AUTHORITY, hostAuthorityCode: OTHER_AUTHORITY };

  it('should hold moments in UTC, what is not given as not known, and have no interview yet', () => {
    const episode = newMissingEpisode(IDS.episode, IDS.child, authorities, {
      type: 'M',
      startAt: '2025-06-01T22:15:00+01:00',
      reportedToPoliceAt: '2025-06-01T23:00:00+01:00',
      policeRiskLevel: 'HIGH',
    });
    expect(episode).toMatchObject({
      id: IDS.episode,
      childId: IDS.child,
      startAt: '2025-06-01T21:15:00.000Z',
      endAt: null,
      responsibleAuthorityCode: AUTHORITY,
      hostAuthorityCode: OTHER_AUTHORITY,
      reportedToPoliceAt: '2025-06-01T22:00:00.000Z',
      policeRiskLevel: 'HIGH',
      lastSeenLocation: null,
      endReason: null,
      exploitationDisclosed: null,
      version: 1,
      returnInterview: null,
    });
  });

  it('should leave a moment a file could not read as it was, for the rules to report', () => {
    expect(newMissingEpisode(IDS.episode, IDS.child, authorities, { type: 'M', startAt: '' }).startAt).toBe('');
  });

  it('should belong to the authorities of the placement the child went missing from, else to the child’s', () => {
    const placed = buildCarePeriod({ startDate: '2025-01-01', hostAuthorityCode: OTHER_AUTHORITY });
    const record = { child: buildChild(), carePeriods: [placed] };
    expect(episodeAuthorities(record, '2025-03-01T21:15:00Z')).toEqual({ responsibleAuthorityCode: AUTHORITY, hostAuthorityCode: OTHER_AUTHORITY });
    // Before the placement began, in UK time: 31 December at 11:30pm is still 2024.
    expect(episodeAuthorities(record, '2024-12-31T23:30:00Z')).toEqual({ responsibleAuthorityCode: AUTHORITY, hostAuthorityCode: AUTHORITY });
  });
});

describe('a changed missing episode', () => {
  it('should replace the fields given, clear those given as null, keep the rest and move to the next version', () => {
    const current = buildEpisode({ version: 3 });
    const changed = changedMissingEpisode(current, { startAt: '2025-03-01T21:00:00+00:00', policeReference: null, lastSeenWith: 'A friend' });
    expect(changed).toEqual({ ...current, startAt: '2025-03-01T21:00:00.000Z', policeReference: null, lastSeenWith: 'A friend', version: 4 });
  });

  it('should reopen an episode whose end is cleared', () => {
    expect(changedMissingEpisode(buildEpisode(), { endAt: null, endReason: null })).toMatchObject({ endAt: null, endReason: null });
  });
});

describe('a closed missing episode', () => {
  const open = buildEpisode({ endAt: null, endReason: null, harmDisclosed: null, exploitationDisclosed: true });

  it('should end when the child came back, keeping what they disclosed unless said otherwise', () => {
    const closed = closedMissingEpisode(open, { endAt: '2025-03-02T09:30:00+01:00', endReason: 'FOUND_POLICE', harmDisclosed: 'SUSPECTED' });
    expect(closed).toEqual({
      ok: true,
      value: { ...open, endAt: '2025-03-02T08:30:00.000Z', endReason: 'FOUND_POLICE', harmDisclosed: 'SUSPECTED', exploitationDisclosed: true, version: 2 },
    });
  });

  it('should refuse to close an episode already closed, naming the end', () => {
    const closed = closedMissingEpisode(buildEpisode(), { endAt: '2025-03-02T09:30:00Z', endReason: 'RETURNED_SELF' });
    expect(closed).toMatchObject({ ok: false, error: { rule: 'missing-already-closed', entityId: IDS.episode, field: 'endAt' } });
  });
});
