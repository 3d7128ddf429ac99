import anyAscii from 'any-ascii';
import PDFDocument from 'pdfkit';
import type { GrabPack } from '../../services/philomena-service.ts';
import { grabPackSections, MARKING, packProvenance } from './view-models.ts';

// The grab pack as a PDF (ADR 22): made with PDFKit in the server, from the same sections as the
// printable page, every page marked OFFICIAL-SENSITIVE at its head and foot and across its middle.

const MARGIN = 50;
const PHOTO_WIDTH = 150;
const PHOTO_HEIGHT = 200;
const LABEL_WIDTH = 150;

/**
 * PDFKit's standard fonts encode Windows-1252 only, so a name in another script would print as
 * nonsense: it is printed transliterated to Latin letters (any-ascii) instead. The page and the
 * record keep the name as written.
 */
export function printable(text: string): string {
  return /^[\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\n]*$/.test(text) ? text : anyAscii(text);
}

function mark(doc: PDFKit.PDFDocument): void {
  const { width, height } = doc.page;
  const bottom = doc.page.margins.bottom;
  // Writing in the margins must not start a new page.
  doc.page.margins.bottom = 0;
  doc.save();
  doc.font('Helvetica-Bold').fontSize(10).fillColor('#000000');
  doc.text(MARKING, 0, 20, { width, align: 'center', lineBreak: false });
  doc.text(MARKING, 0, height - 30, { width, align: 'center', lineBreak: false });
  doc
    .rotate(-45, { origin: [width / 2, height / 2] })
    .fontSize(64)
    .fillColor('#b1b4b6')
    .opacity(0.3)
    .text(MARKING, 0, height / 2 - 32, { width, align: 'center', lineBreak: false });
  doc.restore();
  doc.page.margins.bottom = bottom;
}

/** The grab pack as PDF bytes. */
export async function grabPackPdf(pack: GrabPack): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: 'Philomena Protocol grab pack', Subject: MARKING, Creator: 'Lantern' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });

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
    for (const item of section.rows) {
      const valueWidth = width() - LABEL_WIDTH;
      const label = printable(item.label);
      const value = printable(item.value);
      doc.font('Helvetica').fontSize(10);
      // A row starts on a new page rather than leave its label behind (an answer fits on a page: 2,000 characters).
      const height = Math.max(doc.heightOfString(value, { width: valueWidth }), doc.font('Helvetica-Bold').heightOfString(label, { width: LABEL_WIDTH - 10 }));
      if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const top = doc.y;
      doc.font('Helvetica-Bold').text(label, MARGIN, top, { width: LABEL_WIDTH - 10 });
      const labelBottom = doc.y;
      doc.font('Helvetica').text(value, MARGIN + LABEL_WIDTH, top, { width: valueWidth });
      doc.x = MARGIN;
      doc.y = Math.max(doc.y, labelBottom) + 4;
    }
    if (section.note !== undefined) doc.font('Helvetica-Oblique').fontSize(10).text(section.note, MARGIN, doc.y, { width: width() });
  }

  const pages = doc.bufferedPageRange();
  for (let index = pages.start; index < pages.start + pages.count; index += 1) {
    doc.switchToPage(index);
    mark(doc);
  }
  doc.end();
  return finished;
}
