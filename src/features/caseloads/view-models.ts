import type { CaseOwner } from '../../domain/caseload.ts';

// How the pages name who holds a child.

/** "Sam Worker (Looked after children)", "Looked after children, no social worker", or "nobody". */
export function ownerText(owner: CaseOwner | null): string {
  if (owner === null) return 'nobody';
  const team = owner.team === null ? '' : ` (${owner.team.name})`;
  return owner.socialWorker === null ? `${owner.team?.name ?? ''}, no social worker` : `${owner.socialWorker.name}${team}`;
}
