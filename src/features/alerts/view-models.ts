import { isPastClock, LOCAL_SETTING_LIMITS } from '../../domain/alerts/evaluate.ts';
import type { LocalAlertSettings } from '../../domain/alerts/evaluate.ts';
import { CONDITION_LABELS, RECIPIENT_LABELS } from '../../domain/alerts/rules.ts';
import type { AlertRule } from '../../domain/alerts/rules.ts';
import { formatDate, formatInstant } from '../../domain/dates.ts';
import { paths } from '../../paths.ts';
import type { AlertView, Inbox, PastClockReport } from '../../services/alert-service.ts';
import type { CoordinationRow, Share } from '../../domain/alerts/coordination.ts';
import type { CoordinationReport } from '../../services/statistics-service.ts';
import { captionOf, figureCell, noteLines, notesFor } from '../statistics/view-models.ts';
import { fullName, htmlRow, linkHtml, row, tagHtml } from '../view-models.ts';
import type { SummaryRow } from '../view-models.ts';

// The alerts inbox, one alert, and the rules page. An alert names the child only where the person
// may see the child (the service leaves `child` null otherwise); the page's title never does.

const childText = (alert: AlertView): string => (alert.child === null ? `A child of ${alert.responsibleAuthorityName}` : fullName(alert.child));

/** Where an alert stands, as a tag: dealt with, being dealt with, past its clock, or waiting. */
function statusOf(alert: AlertView, now: string): { readonly text: string; readonly colour: string } {
  if (alert.settledAt !== null) return { text: 'No longer needed', colour: 'grey' };
  if (alert.actionRecordedAt !== null) return { text: 'Action recorded', colour: 'green' };
  if (alert.acknowledgedAt !== null) return { text: 'Being dealt with', colour: 'blue' };
  if (isPastClock({ rule: alert.rule.key, raisedAt: alert.raisedAt, acknowledgedAt: alert.acknowledgedAt, settledAt: alert.settledAt }, now))
    return { text: 'Past its time', colour: 'red' };
  return { text: 'Not yet acknowledged', colour: 'yellow' };
}

const tableRow = (alert: AlertView, now: string) => {
  const status = statusOf(alert, now);
  return [
    { html: linkHtml(paths.alert(alert.id), alert.rule.title) },
    { text: childText(alert) },
    { text: formatInstant(alert.raisedAt) },
    { html: tagHtml(status.text, status.colour) },
  ];
};

export function inboxViewModel(
  inbox: Inbox,
  options: {
    readonly now: string;
    readonly showAll: boolean;
    readonly team: readonly AlertView[] | null;
    readonly pastClock: PastClockReport | null;
  },
) {
  const pages = Math.max(1, Math.ceil(inbox.total / inbox.pageSize));
  const href = (page: number) => `${paths.alerts}?${options.showAll ? 'show=all&' : ''}page=${page}`;
  return {
    rows: inbox.items.map((alert) => tableRow(alert, options.now)),
    summary: `${inbox.open} open, ${inbox.unacknowledged} not yet acknowledged`,
    showAll: options.showAll,
    switchLink: options.showAll
      ? { href: paths.alerts, text: 'Show open alerts only' }
      : { href: `${paths.alerts}?show=all`, text: 'Show all alerts, including those dealt with' },
    pagination:
      pages <= 1
        ? null
        : {
            previous: inbox.page > 1 ? { href: href(inbox.page - 1) } : undefined,
            next: inbox.page < pages ? { href: href(inbox.page + 1) } : undefined,
            items: Array.from({ length: pages }, (_, index) => ({ number: index + 1, href: href(index + 1), current: index + 1 === inbox.page })),
          },
    team: options.team === null ? null : options.team.map((alert) => tableRow(alert, options.now)),
    pastClock: options.pastClock === null ? null : pastClockViewModel(options.pastClock),
  };
}

/** The national count past their clock, with the notes its protection needs under the table. */
function pastClockViewModel(report: PastClockReport) {
  const lines = [...report.rows, ...(report.total === null ? [] : [report.total])];
  const notes = notesFor(lines.flatMap((line) => [line.pastClock, line.unacknowledged]));
  return {
    caption: captionOf('Unacknowledged alerts by responsible authority', notes),
    notes: noteLines(notes),
    rows: lines.map((line) => [{ text: line.label }, figureCell(line.pastClock), figureCell(line.unacknowledged)]),
  };
}

export function alertViewModel(alert: AlertView, now: string) {
  const status = statusOf(alert, now);
  const rows: SummaryRow[] = [
    alert.child === null ? row('Child', childText(alert)) : htmlRow('Child', linkHtml(paths.child(alert.child.id), fullName(alert.child))),
    row('Responsible authority', alert.responsibleAuthorityName),
    row('Sent to', RECIPIENT_LABELS[alert.recipient]),
    row('Since', formatInstant(alert.raisedAt)),
    ...(alert.escalated ? [row('Escalated', 'Nobody acknowledged it in time at the rung below, so it came to you')] : []),
    htmlRow('Status', tagHtml(status.text, status.colour)),
    ...(alert.acknowledgeBy !== null && alert.acknowledgedAt === null && alert.settledAt === null
      ? [row('Acknowledge by', formatInstant(alert.acknowledgeBy))]
      : []),
    ...(alert.acknowledgedAt === null
      ? []
      : [row('Acknowledged', `${formatInstant(alert.acknowledgedAt)}${alert.acknowledgedByName === null ? '' : ` by ${alert.acknowledgedByName}`}`)]),
    ...(alert.actionTaken === null || alert.actionRecordedAt === null
      ? []
      : [
          row('Action taken', alert.actionTaken),
          row('Action recorded', `${formatInstant(alert.actionRecordedAt)}${alert.actionRecordedByName === null ? '' : ` by ${alert.actionRecordedByName}`}`),
        ]),
    ...(alert.settledAt === null ? [] : [row('No longer needed since', formatInstant(alert.settledAt))]),
  ];
  const open = alert.settledAt === null && alert.actionRecordedAt === null;
  return {
    title: alert.rule.title,
    why: alert.rule.why,
    whatToDo: alert.rule.whatToDo,
    rows,
    canAcknowledge: open && alert.acknowledgedAt === null,
    canRecordAction: open,
    version: alert.version,
    acknowledgeAction: paths.acknowledgeAlert(alert.id),
    actionAction: paths.alertAction(alert.id),
  };
}

/** When a rule comes due, in words. */
function timingText(rule: AlertRule): string {
  switch (rule.timing.kind) {
    case 'at_once':
      return 'At once';
    case 'after_hours':
      return rule.timing.hours % 24 === 0 && rule.timing.hours >= 48 ? `After ${rule.timing.hours / 24} days` : `After ${rule.timing.hours} hours`;
    case 'after_working_days':
      return `After ${rule.timing.days} working days`;
  }
}

/** The trigger as this authority has it: the repeat rule with its own numbers, the local trigger on or off. */
function triggerText(rule: AlertRule, settings: LocalAlertSettings): string {
  if (rule.key === 'REPEAT_MISSING') return `A child has ${settings.repeatThreshold} or more episodes starting within ${settings.repeatWindowDays} days`;
  if (rule.key === 'INTERVIEW_PRIORITY_LONG_ABSENCE') {
    return settings.priorityInterviewAfterHours === null
      ? 'Off: your authority has not turned on this local trigger'
      : `A return is recorded after an episode of more than ${settings.priorityInterviewAfterHours} hours`;
  }
  return rule.trigger;
}

export function rulesViewModel(rules: readonly AlertRule[], settings: LocalAlertSettings) {
  return {
    rules: rules.map((rule) => ({
      key: rule.key,
      title: rule.title,
      rows: [
        row('When', `${timingText(rule)}: ${triggerText(rule, settings)}`),
        row(
          'Who is told',
          rule.recipients.map(({ to, when }) => `${RECIPIENT_LABELS[to]}${CONDITION_LABELS[when] === '' ? '' : ` (${CONDITION_LABELS[when]})`}`).join('; '),
        ),
        row(
          'If nobody acknowledges it',
          rule.acknowledgeWithinHours === null
            ? 'It does not escalate'
            : `After ${rule.acknowledgeWithinHours} ${rule.acknowledgeWithinHours === 1 ? 'hour' : 'hours'}, the next rung of the responsible authority’s ladder is told (duty team, team managers, head of service, director)`,
        ),
        row('Why', rule.why),
        row('What to do', rule.whatToDo),
        ...(rule.urgent ? [row('Also by text message', 'Yes, to the duty phone or the named holder of the post')] : []),
      ],
    })),
    limits: LOCAL_SETTING_LIMITS,
    settings,
  };
}

// ---- Statistics of coordination (the data-quality and statistics pages) ----

const shareText = (share: Share): string =>
  `${figureCell(share.count).text} of ${figureCell(share.of).text}${share.percent.kind === 'rate' ? ` (${figureCell(share.percent).text})` : ''}`;

/** Minutes in words: "45 minutes", "2 hours 5 minutes", "3 days 4 hours". */
function minutesText(minutes: number): string {
  const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} ${plural(minutes % 60, 'minute')}`;
  return hours % 24 === 0 ? plural(Math.floor(hours / 24), 'day') : `${plural(Math.floor(hours / 24), 'day')} ${plural(hours % 24, 'hour')}`;
}

const medianText = (row: CoordinationRow): string =>
  row.medianMinutesToAcknowledge !== null ? minutesText(row.medianMinutesToAcknowledge) : row.acknowledged.kind === 'suppressed' ? '[c]' : 'No figure';

/** The coordination table: one row an authority with anything to count, then the area's. */
export function coordinationViewModel(report: CoordinationReport) {
  const lines = [...report.rows, ...(report.total === null ? [] : [report.total])];
  const notes = notesFor(
    lines.flatMap((line) => [
      line.hostToldInTime.count,
      line.hostToldInTime.of,
      line.acknowledged,
      line.pastClock,
      line.interviewsInTime.count,
      line.interviewsInTime.of,
    ]),
  );
  return {
    period: `${formatDate(report.period.from)} to ${formatDate(report.period.to)}`,
    geographyName: report.geographyName,
    caption: captionOf(`Coordination between agencies, ${report.geographyName}`, notes),
    notes: noteLines(notes),
    head: [
      { text: 'Authority' },
      { text: 'Host authority told within 24 hours' },
      { text: 'Median time to acknowledge an alert' },
      { text: 'Alerts past their clock now', format: 'numeric' },
      { text: 'Return home interviews within 72 hours' },
    ],
    rows: lines.map((line) => [
      { text: line.label },
      { text: shareText(line.hostToldInTime) },
      { text: medianText(line) },
      figureCell(line.pastClock),
      { text: shareText(line.interviewsInTime) },
    ]),
  };
}
