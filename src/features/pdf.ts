import anyAscii from 'any-ascii';
import PDFDocument from 'pdfkit';

// What Lantern's PDFs share (ADR 22): A4 made by PDFKit in the server, a protective marking on every
// page, labelled rows that never leave a label behind at a page break, and text PDFKit can print.

/**
 * PDFKit's standard fonts encode Windows-1252 only, so a name in another script would print as
 * nonsense: it is printed transliterated to Latin letters (any-ascii) instead. The pages and the
 * record keep the name as written.
 */
export function printable(text: string): string {
  return /^[\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\n]*$/.test(text) ? text : anyAscii(text);
}

/** A new A4 document, and the promise of its bytes once `doc.end()` is called. */
export function newPdf(title: string, subject: string, margin: number): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const doc = new PDFDocument({ size: 'A4', margin, bufferPages: true, info: { Title: title, Subject: subject, Creator: 'Lantern' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    doc.on('error', reject);
  });
  return { doc, bytes };
}

/** Writes the marking at the head and foot of every page and across its middle. Call once, before `doc.end()`. */
export function markEveryPage(doc: PDFKit.PDFDocument, marking: string): void {
  const pages = doc.bufferedPageRange();
  for (let index = pages.start; index < pages.start + pages.count; index += 1) {
    doc.switchToPage(index);
    const { width, height } = doc.page;
    const bottom = doc.page.margins.bottom;
    // Writing in the margins must not start a new page.
    doc.page.margins.bottom = 0;
    doc.save();
    doc.font('Helvetica-Bold').fontSize(10).fillColor('#000000');
    doc.text(marking, 0, 20, { width, align: 'center', lineBreak: false });
    doc.text(marking, 0, height - 30, { width, align: 'center', lineBreak: false });
    doc
      .rotate(-45, { origin: [width / 2, height / 2] })
      .fontSize(64)
      .fillColor('#b1b4b6')
      .opacity(0.3)
      .text(marking, 0, height / 2 - 32, { width, align: 'center', lineBreak: false });
    doc.restore();
    doc.page.margins.bottom = bottom;
  }
}

/** One label and its value, side by side from `left` across `width`, on a new page rather than split from its label. */
export function labelledRow(
  doc: PDFKit.PDFDocument,
  item: { readonly label: string; readonly value: string },
  left: number,
  width: number,
  labelWidth: number,
): void {
  const valueWidth = width - labelWidth;
  const label = printable(item.label);
  const value = printable(item.value);
  doc.font('Helvetica').fontSize(10);
  const height = Math.max(doc.heightOfString(value, { width: valueWidth }), doc.font('Helvetica-Bold').heightOfString(label, { width: labelWidth - 10 }));
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  const top = doc.y;
  doc.font('Helvetica-Bold').text(label, left, top, { width: labelWidth - 10 });
  const labelBottom = doc.y;
  doc.font('Helvetica').text(value, left + labelWidth, top, { width: valueWidth });
  doc.x = left;
  doc.y = Math.max(doc.y, labelBottom) + 4;
}
