import { formatInstant } from '../../domain/dates.ts';
import { labelledRow, markEveryPage, newPdf, printable } from '../pdf.ts';
import type { Actor } from '../../domain/access/actor.ts';
import type { ChildRecordPage } from '../../services/child-service.ts';
import type { SummaryRow } from '../view-models.ts';
import type { recordViewModel } from './view-models.ts';

// The child's whole record exported for a subject access request or a court (issue 12, item 4): as
// JSON, everything the record holds; as a PDF, built from the record page's own view model, so
// that the paper says what the page says.

/** The protective marking every page carries (Government Security Classifications). */
const RECORD_MARKING = 'OFFICIAL-SENSITIVE';

const MARGIN = 50;
const LABEL_WIDTH = 160;

type RecordModel = ReturnType<typeof recordViewModel>;
type Cell = { readonly text: string } | { readonly html: string };

interface Item {
  readonly label: string;
  readonly value: string;
}

interface Group {
  readonly title: string | null;
  readonly items: readonly Item[];
}

interface DocumentSection {
  readonly title: string;
  readonly groups: readonly Group[];
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };

/** A cell's words: its text, or its HTML (built from escaped parts in ./view-models.ts) without tags, a list a line an item. */
function plain(cell: Cell): string {
  if ('text' in cell) return cell.text;
  return cell.html
    .replaceAll(/<br>|<\/li>/g, '\n')
    .replaceAll(/<span class="govuk-visually-hidden">[^<]*<\/span>/g, '')
    .replaceAll(/<[^>]+>/g, '')
    .replaceAll(/&(?:amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

const items = (rows: readonly SummaryRow[]): Item[] => rows.map((row) => ({ label: row.key.text, value: plain(row.value) }));

/** A table's rows as items: the first cell the label, the others under their headings. */
const tableItems = (head: readonly string[], rows: readonly (readonly Cell[])[]): Item[] =>
  rows.map((cells) => ({
    label: plain(cells[0] ?? { text: '' }),
    value: cells
      .slice(1)
      .map((cell, index) => (head[index + 1] === undefined || plain(cell) === '' ? null : `${head[index + 1]}: ${plain(cell)}`))
      .filter((line) => line !== null)
      .join('\n'),
  }));

const only = (title: string | null, list: readonly Item[], empty: string): Group => ({
  title,
  items: list.length === 0 ? [{ label: empty, value: '' }] : list,
});

/** The record page's sections as the PDF prints them, in the page's order. */
function recordDocument(model: RecordModel): DocumentSection[] {
  const { sections } = model;
  const careHead = ['Started', 'Ended', 'Legal status', 'Placement type', 'Responsible authority', 'Placed in'];
  return [
    { title: 'Summary', groups: [{ title: null, items: items(model.summaryRows) }] },
    {
      title: 'Identity',
      groups: [
        { title: 'Details', items: items(model.identityRows) },
        { title: 'Identifiers', items: items(model.identifierRows) },
      ],
    },
    {
      title: 'Age',
      groups: [
        { title: 'Date of birth and age status', items: items(model.ageRows) },
        ...(sections.ageStatusHistory
          ? [only('Age status history, newest first', tableItems(['From', 'Status', 'Note'], model.ageStatusHistory), 'None recorded')]
          : []),
        ...(sections.ageAssessments ? model.ageAssessments.map((assessment) => ({ title: assessment.title, items: items(assessment.rows) })) : []),
      ],
    },
    ...(sections.uasc
      ? [
          {
            title: 'Unaccompanied asylum-seeking child (UASC) status',
            groups: [
              {
                title: null,
                items: [{ label: 'UASC now', value: model.uasc.isUasc ? 'Yes' : 'No' }, ...tableItems(['Started', 'Ended'], model.uasc.rows)],
              },
              only(
                'National Transfer Scheme transfers, newest first',
                tableItems(['Referred', 'Transferring to', 'Transferred'], model.uasc.transfers),
                'None recorded',
              ),
            ],
          },
        ]
      : []),
    {
      title: sections.careHistory ? 'Care periods' : 'Current placement',
      groups: [only(null, tableItems(careHead, model.carePeriods), sections.careHistory ? 'No care periods recorded' : 'No current placement recorded')],
    },
    ...(sections.trafficking
      ? [
          {
            title: 'Trafficking concerns and NRM referrals',
            groups:
              model.concerns.length === 0
                ? [only(null, [], 'No trafficking concerns recorded')]
                : model.concerns.flatMap((concern) => [
                    { title: concern.title, items: items(concern.rows) },
                    { title: 'Status history', items: concern.timeline.map((entry) => ({ label: entry.date, value: `${entry.status} (${entry.basis})` })) },
                    only('NRM referral', concern.referralRows === null ? [] : items(concern.referralRows), 'No NRM referral recorded for this concern'),
                  ]),
          },
        ]
      : []),
    {
      title: 'Missing episodes',
      groups:
        model.episodes.length === 0
          ? [only(null, [], 'No missing episodes recorded')]
          : model.episodes.map((episode) => ({ title: episode.title, items: items(episode.rows) })),
    },
    ...(sections.advocate
      ? [
          {
            title: 'Independent child trafficking guardian',
            groups: [only(null, model.advocate === null ? [] : items(model.advocate), 'No guardian allocated')],
          },
        ]
      : []),
    {
      title: 'Chronology',
      groups: [
        only(
          null,
          model.chronology.map((entry) => ({ label: entry.when, value: entry.what })),
          'Nothing recorded yet',
        ),
      ],
    },
  ];
}

/** The record as PDF bytes: the child's name, who exported it and when, then every section, marked on every page. */
export async function recordPdf(model: RecordModel, exportedAt: string): Promise<Buffer> {
  const { doc, bytes } = newPdf('Child’s record', RECORD_MARKING, MARGIN);
  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica').fontSize(12).fillColor('#505a5f').text('Child’s record', { width });
  doc.font('Helvetica-Bold').fontSize(22).fillColor('#000000').text(printable(model.name), { width });
  doc.moveDown(0.3);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#505a5f')
    .text(`Exported from Lantern ${formatInstant(exportedAt)}, for a subject access request or a court. The export is recorded on the audit trail.`, {
      width,
    });
  doc.fillColor('#000000');
  for (const section of recordDocument(model)) {
    doc.moveDown(1);
    if (doc.y > doc.page.height - doc.page.margins.bottom - 80) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(16).text(printable(section.title), MARGIN, doc.y, { width });
    for (const group of section.groups) {
      doc.moveDown(0.4);
      if (group.title !== null) doc.font('Helvetica-Bold').fontSize(12).text(printable(group.title), MARGIN, doc.y, { width });
      doc.moveDown(0.2);
      for (const item of group.items) labelledRow(doc, item, MARGIN, width, LABEL_WIDTH);
    }
  }
  markEveryPage(doc, RECORD_MARKING);
  doc.end();
  return bytes;
}

/** The record as JSON: the marking, who exported it and when, the view they had, the whole record and its chronology. */
export function recordJson(record: ChildRecordPage, model: RecordModel, actor: Actor, exportedAt: string): string {
  const { access, ...whole } = record;
  const exportedBy = { id: actor.id, organisationCode: actor.organisationCode, role: actor.role };
  return JSON.stringify({ marking: RECORD_MARKING, exportedAt, exportedBy, view: access, record: whole, chronology: model.chronology }, null, 2);
}
