import { formatDate, formatInstant } from '../../domain/dates.ts';
import type { CompletenessId } from '../../domain/data-quality.ts';
import { paths } from '../../paths.ts';
import type { CompletenessGaps } from '../../services/data-quality-service.ts';
import { escapeHtml } from '../view-models.ts';

// The page of records behind a completeness measure, as parameters of GOV.UK macros: each record with a link to
// the page that puts it right. Pure: tested with plain objects.

type GapRecord = CompletenessGaps['records'][number];

/** Where each measure's gap is put right, and what the link says (its child named for screen readers). */
const PUT_RIGHT: Record<CompletenessId, { text: string; href: (record: GapRecord) => string | null }> = {
  nationality: { text: 'Record their nationality', href: (record) => paths.changeNationality(record.child.childId) },
  'trafficking-status': { text: 'Record the status', href: (record) => (record.concernId === null ? null : paths.recordTraffickingStatus(record.concernId)) },
  'police-reference': { text: 'Add the police reference', href: (record) => episodeChange(record) },
  'police-reference-when-reported': { text: 'Add the police reference', href: (record) => episodeChange(record) },
  'return-interview': { text: 'Record the interview', href: (record) => (record.episodeId === null ? null : paths.recordReturnInterview(record.episodeId)) },
};

/** An open episode is changed; one that has ended is corrected, with a reason. */
const episodeChange = (record: GapRecord): string | null =>
  record.episodeId === null ? null : record.episodeEndAt === null ? paths.changeEpisode(record.episodeId) : paths.correctEpisode(record.episodeId);

const SINCE_HEADINGS: Record<CompletenessId, string | null> = {
  nationality: null,
  'trafficking-status': 'Concern raised',
  'police-reference': 'Went missing',
  'police-reference-when-reported': 'Went missing',
  'return-interview': 'Went missing',
};

export function gapsViewModel(gaps: CompletenessGaps) {
  const { measure } = gaps;
  const putRight = PUT_RIGHT[measure.id];
  const sinceHeading = SINCE_HEADINGS[measure.id];
  const link = (href: string | null, text: string, context: string) =>
    href === null
      ? { text: '' }
      : {
          html: `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}<span class="govuk-visually-hidden"> for ${escapeHtml(context)}</span></a>`,
        };
  return {
    title: measure.title,
    authorityName: gaps.authorityName,
    of: measure.of,
    whyItMatters: measure.whyItMatters,
    total: gaps.total,
    unlisted: Math.max(0, gaps.total - gaps.records.length),
    head: [{ text: 'Child' }, { text: 'Authority’s child ID' }, ...(sinceHeading === null ? [] : [{ text: sinceHeading }]), { text: 'Put it right' }],
    rows: gaps.records.map((record) => [
      { html: `<a class="govuk-link" href="${escapeHtml(paths.child(record.child.childId))}">${escapeHtml(record.child.name)}</a>` },
      { text: record.child.laChildId },
      ...(sinceHeading === null
        ? []
        : [{ text: record.since === null ? '' : record.since.length === 10 ? formatDate(record.since) : formatInstant(record.since) }]),
      link(putRight.href(record), putRight.text, record.child.name),
    ]),
  };
}
