import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, date, defineTable, oneOf, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';
import type { PricedLine } from '../invoices/invoice-rules';
import { InvoiceStatus } from '../invoices/invoice.model';
import { documentLines } from '../shared/document-lines';

export const billsTable = defineTable('bills', 'b', {
  id: uuid(),
  number: text().nullable(),
  vendorId: uuid(),
  purchaseOrderId: uuid().nullable(),
  receiptId: uuid().nullable(),
  status: oneOf(InvoiceStatus),
  currency: text(),
  issueDate: date(),
  dueDate: date(),
  subtotalMinor: bigintText(),
  taxMinor: bigintText(),
  totalMinor: bigintText(),
  paidMinor: bigintText(),
  rate: text('rate::text'),
  functionalTotalMinor: bigintText().nullable(),
  functionalSettledMinor: bigintText(),
  entryId: uuid().nullable(),
  postedAt: timestamptz().nullable(),
  createdAt: timestamptz(),
});
export type BillRow = RowOf<typeof billsTable>;

const billLines = documentLines('bill_lines', 'bill_id');
export type BillLineRow = Awaited<ReturnType<typeof billLines.of>>[number];

export const vendorsTable = defineTable('vendors', 'v', { id: uuid(), name: text() });

const RETURNING = `RETURNING ${billsTable.columns}`;

/** All SQL of vendors, bills, their lines and payments. */
@Injectable()
export class BillsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The vendor of a supplier id, created on first sight; its name follows the latest one inventory sent. */
  async upsertVendor(manager: EntityManager, id: string, name: string): Promise<void> {
    await manager.query(`INSERT INTO vendors (id, name) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`, [id, name]);
  }

  /** A draft bill of a goods receipt; nothing when that receipt already has one. */
  async insertDraft(
    manager: EntityManager,
    bill: { vendorId: string; purchaseOrderId: string | null; receiptId: string | null; currency: string; issueDate: string; dueDate: string },
    totals: { subtotal: bigint; tax: bigint; total: bigint },
    lines: readonly PricedLine[],
  ): Promise<BillRow | undefined> {
    const row = await billsTable.one(
      manager,
      `INSERT INTO bills AS b (id, vendor_id, purchase_order_id, receipt_id, status, currency, issue_date, due_date, subtotal_minor, tax_minor, total_minor)
       VALUES ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10) ON CONFLICT (receipt_id) DO NOTHING ${RETURNING}`,
      [
        randomUUID(),
        bill.vendorId,
        bill.purchaseOrderId,
        bill.receiptId,
        bill.currency,
        bill.issueDate,
        bill.dueDate,
        totals.subtotal.toString(),
        totals.tax.toString(),
        totals.total.toString(),
      ],
    );
    if (row) await billLines.insert(manager, row.id, lines);
    return row;
  }

  lock(manager: EntityManager, id: string): Promise<BillRow | undefined> {
    return billsTable.one(manager, `SELECT ${billsTable.columns} FROM bills b WHERE b.id = $1 FOR UPDATE`, [id]);
  }

  async markPosted(manager: EntityManager, id: string, posting: { number: string; rate: string; functionalTotal: bigint; entryId: string }): Promise<BillRow> {
    const row = await billsTable.one(
      manager,
      `UPDATE bills AS b SET status = 'posted', number = $2, rate = $3, functional_total_minor = $4, entry_id = $5, posted_at = date_trunc('milliseconds', now())
        WHERE b.id = $1 ${RETURNING}`,
      [id, posting.number, posting.rate, posting.functionalTotal.toString(), posting.entryId],
    );
    return row!;
  }

  async recordPayment(
    manager: EntityManager,
    bill: BillRow,
    payment: { amount: bigint; functional: bigint; paidOn: string; entryId: string; status: InvoiceStatus },
  ): Promise<BillRow> {
    await manager.query(`INSERT INTO bill_payments (id, bill_id, amount_minor, functional_minor, paid_on, entry_id) VALUES ($1, $2, $3, $4, $5, $6)`, [
      randomUUID(),
      bill.id,
      payment.amount.toString(),
      payment.functional.toString(),
      payment.paidOn,
      payment.entryId,
    ]);
    const row = await billsTable.one(
      manager,
      `UPDATE bills AS b SET paid_minor = b.paid_minor + $2, functional_settled_minor = b.functional_settled_minor + $3, status = $4
        WHERE b.id = $1 ${RETURNING}`,
      [bill.id, payment.amount.toString(), payment.functional.toString(), payment.status],
    );
    return row!;
  }

  findByIds(ids: readonly string[]): Promise<BillRow[]> {
    return billsTable.many(this.dataSource, `SELECT ${billsTable.columns} FROM bills b WHERE b.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  linesOf(billIds: readonly string[]): Promise<BillLineRow[]> {
    return billLines.of(this.dataSource, billIds);
  }

  async list(first: number, after: string | null | undefined, vendorId: string | null): Promise<Page<BillRow>> {
    const cursor = after ? decodeCursor(after) : null;
    const rows = await billsTable.many(
      this.dataSource,
      `SELECT ${billsTable.columns} FROM bills b
        WHERE ($2::uuid IS NULL OR b.vendor_id = $2) AND ($3::timestamptz IS NULL OR (b.created_at, b.id) > ($3, $4::uuid))
        ORDER BY b.created_at, b.id LIMIT $1`,
      [first + 1, vendorId, cursor?.at ?? null, cursor?.id ?? null],
    );
    return toPage(rows, first);
  }

  vendors(): Promise<RowOf<typeof vendorsTable>[]> {
    return vendorsTable.many(this.dataSource, `SELECT ${vendorsTable.columns} FROM vendors v ORDER BY v.name, v.id LIMIT 1000`);
  }
}
