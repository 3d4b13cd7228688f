import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, date, defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';

export const paymentsTable = defineTable('payments', 'p', {
  id: uuid(),
  customerId: uuid(),
  reference: text().nullable(),
  currency: text(),
  amountMinor: bigintText(),
  unappliedMinor: bigintText(),
  receivedOn: date(),
  rate: text('rate::text'),
  functionalAmountMinor: bigintText(),
  functionalUnappliedMinor: bigintText(),
  entryId: uuid(),
  createdBy: text().nullable(),
  createdAt: timestamptz(),
});
export type PaymentRow = RowOf<typeof paymentsTable>;

export const allocationsTable = defineTable('payment_allocations', 'a', {
  id: uuid(),
  paymentId: uuid(),
  invoiceId: uuid(),
  amountMinor: bigintText(),
  functionalMinor: bigintText(),
  entryId: uuid(),
  createdAt: timestamptz(),
});
export type AllocationRow = RowOf<typeof allocationsTable>;

export interface NewAllocation {
  paymentId: string;
  invoiceId: string;
  amount: bigint;
  functional: bigint;
}

/** All SQL of payments and their allocations. */
@Injectable()
export class PaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    manager: EntityManager,
    payment: Omit<PaymentRow, 'id' | 'createdAt' | 'unappliedMinor' | 'functionalUnappliedMinor'> & { unapplied: bigint; functionalUnapplied: bigint },
  ): Promise<PaymentRow> {
    const row = await paymentsTable.one(
      manager,
      `INSERT INTO payments AS p (id, customer_id, reference, currency, amount_minor, unapplied_minor, received_on, rate, functional_amount_minor,
                                  functional_unapplied_minor, entry_id, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING ${paymentsTable.columns}`,
      [
        randomUUID(),
        payment.customerId,
        payment.reference,
        payment.currency,
        payment.amountMinor,
        payment.unapplied.toString(),
        payment.receivedOn,
        payment.rate,
        payment.functionalAmountMinor,
        payment.functionalUnapplied.toString(),
        payment.entryId,
        payment.createdBy,
      ],
    );
    return row!;
  }

  async insertAllocations(manager: EntityManager, entryId: string, allocations: readonly NewAllocation[]): Promise<void> {
    if (!allocations.length) return;
    await manager.query(
      `INSERT INTO payment_allocations (payment_id, invoice_id, amount_minor, functional_minor, entry_id)
       SELECT a.payment_id, a.invoice_id, a.amount, a.functional, $1 FROM unnest($2::uuid[], $3::uuid[], $4::bigint[], $5::bigint[]) AS a(payment_id, invoice_id, amount, functional)`,
      [
        entryId,
        allocations.map((a) => a.paymentId),
        allocations.map((a) => a.invoiceId),
        allocations.map((a) => a.amount.toString()),
        allocations.map((a) => a.functional.toString()),
      ],
    );
  }

  /** Sets what is left unapplied of several payments (the caller holds their locks). */
  async setUnapplied(manager: EntityManager, rows: readonly { id: string; unapplied: bigint; functionalUnapplied: bigint }[]): Promise<void> {
    if (!rows.length) return;
    await manager.query(
      `UPDATE payments p SET unapplied_minor = u.unapplied, functional_unapplied_minor = u.functional
         FROM unnest($1::uuid[], $2::bigint[], $3::bigint[]) AS u(id, unapplied, functional) WHERE p.id = u.id`,
      [rows.map((r) => r.id), rows.map((r) => r.unapplied.toString()), rows.map((r) => r.functionalUnapplied.toString())],
    );
  }

  /**
   * The open invoices a payment of `amount` settles, in matching order: the one whose number is the
   * payment's reference first, then the oldest due; only as many as the amount reaches. One statement
   * over the customer's open-invoice index.
   */
  async matchCandidates(db: Queryable, customerId: string, currency: string, reference: string | null, amount: bigint): Promise<string[]> {
    const rows = (await db.query(
      `SELECT id FROM (
         SELECT i.id, i.total_minor - i.paid_minor - i.credited_minor AS open,
                sum(i.total_minor - i.paid_minor - i.credited_minor)
                  OVER (ORDER BY i.number IS NOT DISTINCT FROM $3 DESC, i.due_date, i.id) AS running
           FROM invoices i
          WHERE i.customer_id = $1 AND i.currency = $2 AND i.status IN ('posted', 'partially_paid')
       ) o WHERE o.running - o.open < $4 ORDER BY o.running`,
      [customerId, currency, reference, amount.toString()],
    )) as { id: string }[];
    return rows.map((r) => r.id);
  }

  /** A customer's payments with credit left in a currency, oldest first, locked. */
  lockCredit(manager: EntityManager, customerId: string, currency: string): Promise<PaymentRow[]> {
    return paymentsTable.many(
      manager,
      `SELECT ${paymentsTable.columns} FROM payments p WHERE p.customer_id = $1 AND p.currency = $2 AND p.unapplied_minor > 0
        ORDER BY p.created_at, p.id FOR UPDATE`,
      [customerId, currency],
    );
  }

  async findByIds(ids: readonly string[]): Promise<PaymentRow[]> {
    return paymentsTable.many(this.dataSource, `SELECT ${paymentsTable.columns} FROM payments p WHERE p.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  async list(first: number, after: string | null | undefined, customerId: string | null): Promise<Page<PaymentRow>> {
    const cursor = after ? decodeCursor(after) : null;
    const rows = await paymentsTable.many(
      this.dataSource,
      `SELECT ${paymentsTable.columns} FROM payments p
        WHERE ($2::uuid IS NULL OR p.customer_id = $2) AND ($3::timestamptz IS NULL OR (p.created_at, p.id) > ($3, $4::uuid))
        ORDER BY p.created_at, p.id LIMIT $1`,
      [first + 1, customerId, cursor?.at ?? null, cursor?.id ?? null],
    );
    return toPage(rows, first);
  }

  allocationsOf(column: 'payment_id' | 'invoice_id', ids: readonly string[]): Promise<AllocationRow[]> {
    return allocationsTable.many(
      this.dataSource,
      `SELECT ${allocationsTable.columns} FROM payment_allocations a WHERE a.${column} = ANY($1::uuid[]) ORDER BY a.created_at, a.id`,
      [[...new Set(ids)]],
    );
  }

  /** Unapplied credit per customer and currency. */
  async credits(customerIds: readonly string[]): Promise<{ customerId: string; currency: string; unapplied: string }[]> {
    return (await this.dataSource.query(
      `SELECT customer_id AS "customerId", currency, sum(unapplied_minor)::text AS unapplied FROM payments
        WHERE customer_id = ANY($1::uuid[]) AND unapplied_minor > 0 GROUP BY customer_id, currency ORDER BY currency`,
      [[...new Set(customerIds)]],
    )) as { customerId: string; currency: string; unapplied: string }[];
  }
}
