import type { PopulationRows } from '../../src/seed/synthetic-population.ts';
import type { ChildRecord } from '../../src/domain/child-record.ts';
import { newCarePeriod, newChild, newMissingEpisode } from '../../src/domain/child-record-entities.ts';
import { estimateOf } from '../../src/domain/date-of-birth.ts';

// The synthetic population generator's rows (src/seed) as the child records the domain reads:
// for tests and examples of the 903 exchange that need realistic records without a database.
// Insert rows leave defaulted columns optional; the generator fills them, and the defaults here
// are the database's.

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return groups;
}

export function recordsOf(rows: PopulationRows): ChildRecord[] {
  const interviews = new Map(rows.returnInterview.map((row) => [row.episodeId, row]));
  const referrals = new Map(rows.nrmReferral.map((row) => [row.concernId, row]));
  const statuses = groupBy(rows.traffickingStatus, (row) => row.concernId);
  const aliases = groupBy(rows.childAlias, (row) => row.childId);
  const ageStatuses = groupBy(rows.ageStatus, (row) => row.childId);
  const carePeriods = groupBy(rows.carePeriod, (row) => row.childId);
  const uascPeriods = groupBy(rows.uascPeriod, (row) => row.childId);
  const transfers = groupBy(rows.nationalTransfer, (row) => row.childId);
  const concerns = groupBy(rows.traffickingConcern, (row) => row.childId);
  const episodes = groupBy(rows.missingEpisode, (row) => row.childId);

  return rows.child.map((child) => ({
    child: newChild(child.id, child.responsibleAuthorityCode, {
      ...child,
      dateOfBirthEstimate: estimateOf({
        dateOfBirthEarliest: child.dateOfBirthEarliest ?? null,
        dateOfBirthLatest: child.dateOfBirthLatest ?? null,
        dateOfBirthSource: child.dateOfBirthSource ?? null,
        dateOfBirthEstimatedOn: child.dateOfBirthEstimatedOn ?? null,
      }),
    }),
    aliases: (aliases.get(child.id) ?? []).map((alias) => ({
      id: alias.id,
      childId: alias.childId,
      givenNames: alias.givenNames ?? null,
      familyName: alias.familyName ?? null,
      dateOfBirth: alias.dateOfBirth ?? null,
      nationality: alias.nationality ?? null,
      source: alias.source,
      seenWhere: alias.seenWhere ?? null,
      seenOn: alias.seenOn,
    })),
    ageStatuses: (ageStatuses.get(child.id) ?? []).map((entry) => ({
      id: entry.id,
      childId: entry.childId,
      status: entry.status,
      effectiveFrom: entry.effectiveFrom,
      note: entry.note ?? null,
    })),
    ageAssessments: [],
    carePeriods: (carePeriods.get(child.id) ?? []).map((period) =>
      newCarePeriod(period.id, { id: period.childId, responsibleAuthorityCode: child.responsibleAuthorityCode }, period, period.responsibleAuthorityCode),
    ),
    uascPeriods: (uascPeriods.get(child.id) ?? []).map((period) => ({
      id: period.id,
      childId: period.childId,
      startDate: period.startDate,
      ceasedDate: period.ceasedDate ?? null,
      version: 1,
    })),
    nationalTransfers: (transfers.get(child.id) ?? []).map((transfer) => ({
      id: transfer.id,
      childId: transfer.childId,
      fromAuthorityCode: transfer.fromAuthorityCode,
      toAuthorityCode: transfer.toAuthorityCode,
      referredOn: transfer.referredOn,
      transferredOn: transfer.transferredOn ?? null,
    })),
    traffickingConcerns: (concerns.get(child.id) ?? []).map((concern) => {
      const referral = referrals.get(concern.id);
      return {
        id: concern.id,
        childId: concern.childId,
        raisedOn: concern.raisedOn,
        raisedBy: concern.raisedBy,
        indicators: concern.indicators ?? [],
        exploitationTypes: concern.exploitationTypes ?? [],
        countyLines: concern.countyLines ?? false,
        exploitationLocation: concern.exploitationLocation ?? 'UNKNOWN',
        version: 1,
        statuses: (statuses.get(concern.id) ?? []).map((status) => ({
          id: status.id,
          concernId: status.concernId,
          status: status.status,
          effectiveFrom: status.effectiveFrom,
          basis: status.basis,
        })),
        nrmReferral:
          referral === undefined
            ? null
            : {
                id: referral.id,
                concernId: referral.concernId,
                referredOn: referral.referredOn,
                firstResponderOrganisation: referral.firstResponderOrganisation,
                competentAuthority: referral.competentAuthority,
                reasonableGroundsDecision: referral.reasonableGroundsDecision ?? 'PENDING',
                reasonableGroundsDecidedOn: referral.reasonableGroundsDecidedOn ?? null,
                conclusiveGroundsDecision: referral.conclusiveGroundsDecision ?? 'PENDING',
                conclusiveGroundsDecidedOn: referral.conclusiveGroundsDecidedOn ?? null,
                version: 1,
              },
      };
    }),
    missingEpisodes: (episodes.get(child.id) ?? []).map((episode) => {
      const interview = interviews.get(episode.id);
      return {
        ...newMissingEpisode(episode.id, episode.childId, episode, episode),
        returnInterview:
          interview === undefined
            ? null
            : {
                id: interview.id,
                episodeId: interview.episodeId,
                offeredAt: interview.offeredAt ?? null,
                response: interview.response,
                notOfferedReason: interview.notOfferedReason ?? null,
                completedAt: interview.completedAt ?? null,
                interviewerType: interview.interviewerType ?? null,
                outcomes: interview.outcomes ?? [],
                version: 1,
              },
      };
    }),
  }));
}
