import type { GrabPack } from '../../services/philomena-service.ts';
import { labelledRow, markEveryPage, newPdf, printable } from '../pdf.ts';
import { grabPackSections, MARKING, packProvenance } from './view-models.ts';

// The grab pack as a PDF (ADR 22): made with PDFKit in the server, from the same sections as the
// printable page, every page marked OFFICIAL-SENSITIVE at its head and foot and across its middle.

const MARGIN = 50;
const PHOTO_WIDTH = 150;
const PHOTO_HEIGHT = 200;
const LABEL_WIDTH = 150;

/** The grab pack as PDF bytes. */
export async function grabPackPdf(pack: GrabPack): Promise<Buffer> {
  const { doc, bytes } = newPdf('Philomena Protocol grab pack', MARKING, MARGIN);

  const textWidth = doc.page.width - 2 * MARGIN;
  doc
    .font('Helvetica-Bold')
    .fontSize(20)
    .text('Philomena Protocol grab pack', { width: textWidth - PHOTO_WIDTH - 20 });
  doc.moveDown(0.3);
  doc
    .font('Helvetica')
    .fontSize(10)
    .fillColor('#505a5f')
    .text(printable(packProvenance(pack)), { width: textWidth - PHOTO_WIDTH - 20 });
  doc.fillColor('#000000');
  const photoTop = MARGIN;
  if (pack.photograph === null) {
    doc.rect(doc.page.width - MARGIN - PHOTO_WIDTH, photoTop, PHOTO_WIDTH, PHOTO_HEIGHT).stroke('#b1b4b6');
    doc.fontSize(10).text('No photograph', doc.page.width - MARGIN - PHOTO_WIDTH, photoTop + PHOTO_HEIGHT / 2, { width: PHOTO_WIDTH, align: 'center' });
  } else {
    doc.image(Buffer.from(pack.photograph.image), doc.page.width - MARGIN - PHOTO_WIDTH, photoTop, {
      fit: [PHOTO_WIDTH, PHOTO_HEIGHT],
      align: 'center',
    });
  }
  doc.x = MARGIN;
  doc.y = Math.max(doc.y + 10, photoTop + 40);

  for (const section of grabPackSections(pack)) {
    // Sections below the photograph use the full width; those beside it leave it room.
    const width = () => (doc.y < photoTop + PHOTO_HEIGHT + 10 ? textWidth - PHOTO_WIDTH - 20 : textWidth);
    doc.moveDown(0.8);
    doc.font('Helvetica-Bold').fontSize(14).text(printable(section.title), MARGIN, doc.y, { width: width() });
    doc.moveDown(0.3);
    for (const item of section.rows) labelledRow(doc, item, MARGIN, width(), LABEL_WIDTH);
    if (section.note !== undefined) doc.font('Helvetica-Oblique').fontSize(10).text(section.note, MARGIN, doc.y, { width: width() });
  }

  markEveryPage(doc, MARKING);
  doc.end();
  return bytes;
}
