import PDFDocument from 'pdfkit';
import type { DocumentLine, Invoice } from './invoice.model';

/** An invoice as an A4 PDF (pdfkit's built-in Helvetica): header, lines with their tax, totals, what is open. */
export function renderInvoicePdf(invoice: Invoice, lines: readonly DocumentLine[]): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Invoice ${invoice.number ?? 'draft'}` } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const money = (m: { amount: string; currency: string }) => `${m.amount} ${m.currency}`;

  doc.fontSize(20).text(invoice.number ? `Invoice ${invoice.number}` : 'Invoice (draft)');
  doc.moveDown(0.5).fontSize(10);
  doc.text(`Customer: ${invoice.customerId}`);
  doc.text(`Issued: ${invoice.issueDate}    Due: ${invoice.dueDate}    Status: ${invoice.status.replace('_', ' ')}`);
  if (invoice.memo) doc.text(invoice.memo);
  doc.moveDown();

  const columns = [50, 300, 350, 430, 480];
  const row = (cells: string[], bold = false) => {
    const y = doc.y;
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica');
    cells.forEach((cell, i) => doc.text(cell, columns[i], y, { width: (columns[i + 1] ?? 545) - columns[i] - 5, align: i ? 'right' : 'left' }));
    doc.moveDown(0.3);
  };
  row(['Description', 'Qty', 'Unit price', 'Tax %', 'Net'], true);
  for (const line of lines) row([line.description, String(line.quantity), line.unitPrice.amount, line.taxRate, line.net.amount]);
  doc.moveDown();
  doc.x = 50;
  doc.font('Helvetica');
  for (const [label, value] of [
    ['Subtotal', invoice.subtotal],
    ['Tax', invoice.tax],
    ['Total', invoice.total],
    ['Paid', invoice.paid],
    ['Credited', invoice.credited],
    ['Open', invoice.openAmount],
  ] as const) {
    doc.text(`${label}: ${money(value)}`, 300, doc.y, { width: 245, align: 'right' });
  }
  doc.end();
  return done;
}
