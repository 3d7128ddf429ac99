import { formatInstant, hoursBetween } from '../../domain/dates.ts';
import type { MissingEpisodeView } from '../../domain/record-view.ts';

const RISK_LABELS: Record<string, string> = { VERY_LOW: 'Very low', LOW: 'Low', MEDIUM: 'Medium', HIGH: 'High', NO_APPARENT_RISK: 'No apparent risk' };

function howLong(from: string, now: string): string {
  const hours = Math.max(0, Math.floor(hoursBetween(from, now)));
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.floor(hours / 24)} days`;
}

/** The "children missing now" table, longest missing first. */
export function myWorkViewModel(openEpisodes: readonly MissingEpisodeView[], now: string) {
  const rows = [...openEpisodes]
    .sort((a, b) => a.startAt.localeCompare(b.startAt))
    .map((episode) => [
      { text: formatInstant(episode.startAt) },
      { text: howLong(episode.startAt, now) },
      { text: episode.policeRiskLevel === null ? 'Not recorded' : (RISK_LABELS[episode.policeRiskLevel] ?? episode.policeRiskLevel) },
      { text: episode.policeReference ?? 'Not reported' },
    ]);
  return { missingCount: rows.length, missingRows: rows };
}
