import type { NrmReferral, TraffickingConcern, TraffickingStatusEntry } from './child-record.ts';
import type { TraffickingStatus, TraffickingStatusBasis } from './codes.ts';

/** The latest entry in dated history on or before a day, or null. */
export function asAt<T extends { readonly effectiveFrom: string }>(history: readonly T[], day: string): T | null {
  let latest: T | null = null;
  for (const entry of history) {
    if (entry.effectiveFrom <= day && (latest === null || entry.effectiveFrom >= latest.effectiveFrom)) latest = entry;
  }
  return latest;
}

export function traffickingStatusAsAt(concern: Pick<TraffickingConcern, 'statuses'>, day: string): TraffickingStatus | null {
  return asAt(concern.statuses, day)?.status ?? null;
}

export interface DerivedStatus {
  readonly status: TraffickingStatus;
  readonly effectiveFrom: string;
  readonly basis: TraffickingStatusBasis;
}

/**
 * The status changes that NRM decisions imply: identified on a positive reasonable-grounds
 * decision, confirmed on a positive conclusive-grounds decision, not trafficked on a negative one.
 * Returns those not already in the history, so recording a decision twice adds nothing.
 */
export function statusChangesFromNrm(
  referral: Pick<NrmReferral, 'reasonableGroundsDecision' | 'reasonableGroundsDecidedOn' | 'conclusiveGroundsDecision' | 'conclusiveGroundsDecidedOn'>,
  history: readonly Pick<TraffickingStatusEntry, 'basis' | 'effectiveFrom'>[],
): DerivedStatus[] {
  const implied: DerivedStatus[] = [];
  if (referral.reasonableGroundsDecision === 'POSITIVE' && referral.reasonableGroundsDecidedOn !== null) {
    implied.push({ status: 'IDENTIFIED', effectiveFrom: referral.reasonableGroundsDecidedOn, basis: 'RG_POSITIVE' });
  }
  if (referral.conclusiveGroundsDecidedOn !== null) {
    if (referral.conclusiveGroundsDecision === 'POSITIVE') {
      implied.push({ status: 'CONFIRMED', effectiveFrom: referral.conclusiveGroundsDecidedOn, basis: 'CG_POSITIVE' });
    } else if (referral.conclusiveGroundsDecision === 'NEGATIVE') {
      implied.push({ status: 'NOT_TRAFFICKED', effectiveFrom: referral.conclusiveGroundsDecidedOn, basis: 'CG_NEGATIVE' });
    }
  }
  return implied.filter((change) => !history.some((entry) => entry.basis === change.basis && entry.effectiveFrom === change.effectiveFrom));
}
