import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, date, defineTable, oneOf, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, groupByKey, type Page, toPage } from '@platform/graphql';
import type { PricedLine } from './invoice-rules';
import { documentLines } from '../shared/document-lines';
import { InvoiceStatus } from './invoice.model';

export const invoicesTable = defineTable('invoices', 'i', {
  id: uuid(),
  number: text().nullable(),
  customerId: uuid(),
  status: oneOf(InvoiceStatus),
  currency: text(),
  issueDate: date(),
  dueDate: date(),
  dealId: uuid().nullable(),
  orderId: uuid().nullable(),
  memo: text().nullable(),
  subtotalMinor: bigintText(),
  taxMinor: bigintText(),
  totalMinor: bigintText(),
  paidMinor: bigintText(),
  creditedMinor: bigintText(),
  rate: text('rate::text'),
  functionalTotalMinor: bigintText().nullable(),
  functionalSettledMinor: bigintText(),
  entryId: uuid().nullable(),
  postedAt: timestamptz().nullable(),
  paidAt: timestamptz().nullable(),
  createdAt: timestamptz(),
});
export type InvoiceRow = RowOf<typeof invoicesTable>;

const invoiceLines = documentLines('invoice_lines', 'invoice_id');
export type InvoiceLineRow = Awaited<ReturnType<typeof invoiceLines.of>>[number];

export const creditNotesTable = defineTable('credit_notes', 'c', {
  id: uuid(),
  number: text(),
  invoiceId: uuid(),
  customerId: uuid(),
  currency: text(),
  amountMinor: bigintText(),
  taxMinor: bigintText(),
  reason: text(),
  issueDate: date(),
  entryId: uuid(),
  createdAt: timestamptz(),
});
export type CreditNoteRow = RowOf<typeof creditNotesTable>;

export interface NewInvoice {
  customerId: string;
  currency: string;
  issueDate: string;
  dueDate: string;
  dealId: string | null;
  memo: string | null;
  subtotal: bigint;
  tax: bigint;
  total: bigint;
}

/** What posting, settling or crediting an invoice changes. */
export type InvoiceChanges = Partial<
  Pick<InvoiceRow, 'status' | 'number' | 'rate' | 'functionalTotalMinor' | 'functionalSettledMinor' | 'paidMinor' | 'creditedMinor' | 'entryId' | 'orderId'>
> & { posted?: boolean; paid?: boolean };

const RETURNING = `RETURNING ${invoicesTable.columns}`;
const OPEN = `i.status IN ('posted', 'partially_paid')`;

/** All SQL of invoices, their lines and credit notes. */
@Injectable()
export class InvoicesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a draft; with a deal id already invoiced, inserts nothing and answers undefined. */
  async insertDraft(manager: EntityManager, invoice: NewInvoice, lines: readonly PricedLine[]): Promise<InvoiceRow | undefined> {
    const row = await invoicesTable.one(
      manager,
      `INSERT INTO invoices AS i (id, customer_id, status, currency, issue_date, due_date, deal_id, memo, subtotal_minor, tax_minor, total_minor)
       VALUES ($1, $2, 'draft', $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (deal_id) WHERE deal_id IS NOT NULL DO NOTHING ${RETURNING}`,
      [
        randomUUID(),
        invoice.customerId,
        invoice.currency,
        invoice.issueDate,
        invoice.dueDate,
        invoice.dealId,
        invoice.memo,
        invoice.subtotal.toString(),
        invoice.tax.toString(),
        invoice.total.toString(),
      ],
    );
    if (row) await invoiceLines.insert(manager, row.id, lines);
    return row;
  }

  /** Replaces a draft's lines, dates and totals. */
  async replaceDraft(
    manager: EntityManager,
    id: string,
    invoice: Omit<NewInvoice, 'customerId' | 'dealId'>,
    lines: readonly PricedLine[],
  ): Promise<InvoiceRow> {
    const row = await invoicesTable.one(
      manager,
      `UPDATE invoices AS i SET currency = $2, issue_date = $3, due_date = $4, memo = $5, subtotal_minor = $6, tax_minor = $7, total_minor = $8
        WHERE i.id = $1 ${RETURNING}`,
      [id, invoice.currency, invoice.issueDate, invoice.dueDate, invoice.memo, invoice.subtotal.toString(), invoice.tax.toString(), invoice.total.toString()],
    );
    await manager.query(`DELETE FROM invoice_lines WHERE invoice_id = $1`, [id]);
    await invoiceLines.insert(manager, id, lines);
    return row!;
  }

  lock(manager: EntityManager, id: string): Promise<InvoiceRow | undefined> {
    return invoicesTable.one(manager, `SELECT ${invoicesTable.columns} FROM invoices i WHERE i.id = $1 FOR UPDATE`, [id]);
  }

  /** The invoice of a won deal, locked. */
  lockByDeal(manager: EntityManager, dealId: string): Promise<InvoiceRow | undefined> {
    return invoicesTable.one(manager, `SELECT ${invoicesTable.columns} FROM invoices i WHERE i.deal_id = $1 FOR UPDATE`, [dealId]);
  }

  /** Several invoices locked in id order (so two payments never wait on each other crosswise). */
  lockMany(manager: EntityManager, ids: readonly string[]): Promise<InvoiceRow[]> {
    return invoicesTable.many(manager, `SELECT ${invoicesTable.columns} FROM invoices i WHERE i.id = ANY($1::uuid[]) ORDER BY i.id FOR UPDATE`, [
      [...new Set(ids)],
    ]);
  }

  async update(manager: EntityManager, id: string, changes: InvoiceChanges): Promise<InvoiceRow> {
    const row = await invoicesTable.one(
      manager,
      `UPDATE invoices AS i SET
         status = coalesce($2, i.status), number = coalesce($3, i.number), rate = coalesce($4::numeric, i.rate),
         functional_total_minor = coalesce($5::bigint, i.functional_total_minor), functional_settled_minor = coalesce($6::bigint, i.functional_settled_minor),
         paid_minor = coalesce($7::bigint, i.paid_minor), credited_minor = coalesce($8::bigint, i.credited_minor), entry_id = coalesce($9, i.entry_id),
         order_id = coalesce($10, i.order_id),
         posted_at = CASE WHEN $11 THEN date_trunc('milliseconds', now()) ELSE i.posted_at END,
         paid_at = CASE WHEN $12 THEN date_trunc('milliseconds', now()) ELSE i.paid_at END,
         cancelled_at = CASE WHEN $2 = 'cancelled' THEN date_trunc('milliseconds', now()) ELSE i.cancelled_at END
       WHERE i.id = $1 ${RETURNING}`,
      [
        id,
        changes.status ?? null,
        changes.number ?? null,
        changes.rate ?? null,
        changes.functionalTotalMinor ?? null,
        changes.functionalSettledMinor ?? null,
        changes.paidMinor ?? null,
        changes.creditedMinor ?? null,
        changes.entryId ?? null,
        changes.orderId ?? null,
        !!changes.posted,
        !!changes.paid,
      ],
    );
    if (!row) throw new Error(`invoices: ${id} vanished under its lock`);
    return row;
  }

  async findByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<InvoiceRow[]> {
    if (!ids.length) return [];
    return invoicesTable.many(db, `SELECT ${invoicesTable.columns} FROM invoices i WHERE i.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  linesOf(invoiceIds: readonly string[], db: Queryable = this.dataSource): Promise<InvoiceLineRow[]> {
    return invoiceLines.of(db, invoiceIds);
  }

  /** Invoices oldest first, keyset on (created_at, id), optionally one customer's and of some statuses. */
  async list(
    first: number,
    after: string | null | undefined,
    filter: { customerId?: string | null; status?: InvoiceStatus | null },
  ): Promise<Page<InvoiceRow>> {
    const cursor = after ? decodeCursor(after) : null;
    const rows = await invoicesTable.many(
      this.dataSource,
      `SELECT ${invoicesTable.columns} FROM invoices i
        WHERE ($2::uuid IS NULL OR i.customer_id = $2) AND ($3::text IS NULL OR i.status = $3)
          AND ($4::timestamptz IS NULL OR (i.created_at, i.id) > ($4, $5::uuid))
        ORDER BY i.created_at, i.id LIMIT $1`,
      [first + 1, filter.customerId ?? null, filter.status ?? null, cursor?.at ?? null, cursor?.id ?? null],
    );
    return toPage(rows, first);
  }

  /** Pages of several customers' invoices (oldest first, optionally of one status) in one statement. */
  async pagesByCustomer(
    customerIds: readonly string[],
    first: number,
    after: string | null | undefined,
    status: InvoiceStatus | null,
  ): Promise<Page<InvoiceRow>[]> {
    const cursor = after ? decodeCursor(after) : null;
    const rows = await invoicesTable.many(
      this.dataSource,
      `SELECT * FROM (
         SELECT ${invoicesTable.columns}, row_number() OVER (PARTITION BY i.customer_id ORDER BY i.created_at, i.id) AS rn
           FROM invoices i
          WHERE i.customer_id = ANY($1::uuid[]) AND ($3::text IS NULL OR i.status = $3)
            AND ($4::timestamptz IS NULL OR (i.created_at, i.id) > ($4, $5::uuid))
       ) page WHERE page.rn <= $2 ORDER BY page."customerId", page.rn`,
      [[...new Set(customerIds)], first + 1, status, cursor?.at ?? null, cursor?.id ?? null],
    );
    return groupByKey(customerIds, rows, (r) => r.customerId).map((page) => toPage(page, first));
  }

  /** Per customer: open (functional, at the booked rate), overdue on `today`, and lifetime revenue (net of credit notes), in one statement. */
  async accountFigures(customerIds: readonly string[], today: string): Promise<Map<string, { open: string; overdue: string; lifetime: string }>> {
    const rows = (await this.dataSource.query(
      `SELECT i.customer_id AS "customerId",
              coalesce(sum(${OPEN_FUNCTIONAL}) FILTER (WHERE ${OPEN}), 0)::text AS open,
              coalesce(sum(${OPEN_FUNCTIONAL}) FILTER (WHERE ${OPEN} AND i.due_date < $2), 0)::text AS overdue,
              coalesce(sum(coalesce(i.functional_total_minor, i.total_minor) - ${CREDITED_FUNCTIONAL})
                FILTER (WHERE i.status <> 'draft' AND i.status <> 'cancelled'), 0)::text AS lifetime
         FROM invoices i WHERE i.customer_id = ANY($1::uuid[]) GROUP BY i.customer_id`,
      [[...new Set(customerIds)], today],
    )) as { customerId: string; open: string; overdue: string; lifetime: string }[];
    return new Map(rows.map((r) => [r.customerId, r]));
  }

  /** Open balances only (the openBalance field): reads the open-invoice index alone. */
  async openBalances(customerIds: readonly string[]): Promise<Map<string, string>> {
    const rows = (await this.dataSource.query(
      `SELECT i.customer_id AS "customerId", sum(${OPEN_FUNCTIONAL})::text AS open FROM invoices i
        WHERE ${OPEN} AND i.customer_id = ANY($1::uuid[]) GROUP BY i.customer_id`,
      [[...new Set(customerIds)]],
    )) as { customerId: string; open: string }[];
    return new Map(rows.map((r) => [r.customerId, r.open]));
  }

  async insertCreditNote(manager: EntityManager, note: Omit<CreditNoteRow, 'id' | 'createdAt'> & { functionalMinor: bigint }): Promise<CreditNoteRow> {
    const row = await creditNotesTable.one(
      manager,
      `INSERT INTO credit_notes AS c (id, number, invoice_id, customer_id, currency, amount_minor, tax_minor, functional_minor, reason, issue_date, entry_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${creditNotesTable.columns}`,
      [
        randomUUID(),
        note.number,
        note.invoiceId,
        note.customerId,
        note.currency,
        note.amountMinor,
        note.taxMinor,
        note.functionalMinor.toString(),
        note.reason,
        note.issueDate,
        note.entryId,
      ],
    );
    return row!;
  }

  creditNotesOf(invoiceIds: readonly string[]): Promise<CreditNoteRow[]> {
    return creditNotesTable.many(
      this.dataSource,
      `SELECT ${creditNotesTable.columns} FROM credit_notes c WHERE c.invoice_id = ANY($1::uuid[]) ORDER BY c.invoice_id, c.created_at, c.id`,
      [[...new Set(invoiceIds)]],
    );
  }
}

/**
 * An invoice's open amount in the functional currency: what the ledger booked
 * less what was settled. A row written outside the service (no functional
 * total) is in the functional currency.
 */
const OPEN_FUNCTIONAL = `coalesce(i.functional_total_minor - i.functional_settled_minor, i.total_minor - i.paid_minor - i.credited_minor)`;
const CREDITED_FUNCTIONAL = `coalesce((SELECT sum(c.functional_minor) FROM credit_notes c WHERE c.invoice_id = i.id), 0)`;
