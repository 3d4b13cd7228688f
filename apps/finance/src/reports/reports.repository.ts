import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { bigintText, date, defineRow, oneOf, text, uuid } from '@platform/database';
import { AccountType } from '../ledger/ledger.model';

export const accountSumRow = defineRow('account sums', {
  accountId: uuid(),
  code: text(),
  name: text(),
  type: oneOf(AccountType),
  debit: bigintText(),
  credit: bigintText(),
});
export type AccountSum = ReturnType<typeof accountSumRow.read>;

export const ledgerLineRow = defineRow('ledger lines', {
  lineId: text(),
  entryId: uuid(),
  date: date(),
  memo: text(),
  debit: bigintText(),
  credit: bigintText(),
  balance: bigintText(),
  customerId: uuid().nullable(),
  vendorId: uuid().nullable(),
});
export type LedgerLineRow = ReturnType<typeof ledgerLineRow.read>;

export const agingRow = defineRow('aging', {
  partyId: uuid(),
  partyName: text().nullable(),
  current: bigintText(),
  days1to30: bigintText(),
  days31to60: bigintText(),
  days61to90: bigintText(),
  over90: bigintText(),
  total: bigintText(),
});
export type AgingSums = ReturnType<typeof agingRow.read>;

/** The aging buckets of open amounts by days past `due` on $1: current (not yet due), 1-30, 31-60, 61-90, over 90. */
const AGE = (due: string, open: string) => `
  coalesce(sum(${open}) FILTER (WHERE ${due} >= $1::date), 0)::text AS current,
  coalesce(sum(${open}) FILTER (WHERE $1::date - ${due} BETWEEN 1 AND 30), 0)::text AS "days1to30",
  coalesce(sum(${open}) FILTER (WHERE $1::date - ${due} BETWEEN 31 AND 60), 0)::text AS "days31to60",
  coalesce(sum(${open}) FILTER (WHERE $1::date - ${due} BETWEEN 61 AND 90), 0)::text AS "days61to90",
  coalesce(sum(${open}) FILTER (WHERE $1::date - ${due} > 90), 0)::text AS "over90",
  coalesce(sum(${open}), 0)::text AS total`;

/** The reports' read-only SQL over the ledger and the open documents (one statement per report). */
@Injectable()
export class ReportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Debits and credits per account of the lines dated from `from` (none: the beginning) to `to`, accounts without lines left out. */
  accountSums(from: string | null, to: string, types: readonly AccountType[] | null = null): Promise<AccountSum[]> {
    return accountSumRow.many(
      this.dataSource,
      `SELECT a.id AS "accountId", a.code, a.name, a.type, s.debit::text AS debit, s.credit::text AS credit
         FROM (SELECT l.account_id, sum(l.debit_minor) AS debit, sum(l.credit_minor) AS credit FROM journal_lines l
                WHERE l.entry_date <= $2 AND ($1::date IS NULL OR l.entry_date >= $1) GROUP BY l.account_id) s
         JOIN accounts a ON a.id = s.account_id
        WHERE $3::text[] IS NULL OR a.type = ANY($3::text[])
        ORDER BY a.code`,
      [from, to, types],
    );
  }

  /** The account's balance (debit − credit) of the lines before a position: before `from`, or up to a page's last line. */
  async balanceBefore(accountId: string, from: string | null, after: { date: string; id: string } | null): Promise<bigint> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(sum(l.debit_minor - l.credit_minor), 0)::text AS balance FROM journal_lines l
        WHERE l.account_id = $1 AND (
          CASE WHEN $3::date IS NULL THEN $2::date IS NOT NULL AND l.entry_date < $2 ELSE (l.entry_date, l.id) <= ($3, $4::bigint) END)`,
      [accountId, from, after?.date ?? null, after?.id ?? null],
    )) as { balance: string }[];
    return BigInt(row.balance);
  }

  /** A page of an account's lines between dates, oldest first, with the running balance from `opening`. */
  ledgerLines(
    accountId: string,
    from: string | null,
    to: string,
    after: { date: string; id: string } | null,
    limit: number,
    opening: bigint,
  ): Promise<LedgerLineRow[]> {
    return ledgerLineRow.many(
      this.dataSource,
      `SELECT l.id::text AS "lineId", l.entry_id AS "entryId", to_char(l.entry_date, 'YYYY-MM-DD') AS date, coalesce(l.memo, e.memo) AS memo,
              l.debit_minor::text AS debit, l.credit_minor::text AS credit,
              ($6::bigint + sum(l.debit_minor - l.credit_minor) OVER (ORDER BY l.entry_date, l.id))::text AS balance,
              l.customer_id AS "customerId", l.vendor_id AS "vendorId"
         FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id
        WHERE l.account_id = $1 AND l.entry_date <= $3 AND ($2::date IS NULL OR l.entry_date >= $2)
          AND ($4::date IS NULL OR (l.entry_date, l.id) > ($4, $7::bigint))
        ORDER BY l.entry_date, l.id LIMIT $5`,
      [accountId, from, to, after?.date ?? null, limit, opening.toString(), after?.id ?? null],
    );
  }

  /** Open receivables per customer by age on `asOf`, at the rates the invoices were booked at. */
  receivablesAging(asOf: string): Promise<AgingSums[]> {
    const open = `coalesce(i.functional_total_minor - i.functional_settled_minor, i.total_minor - i.paid_minor - i.credited_minor)`;
    return agingRow.many(
      this.dataSource,
      `SELECT i.customer_id AS "partyId", NULL AS "partyName", ${AGE('i.due_date', open)}
         FROM invoices i WHERE i.status IN ('posted', 'partially_paid') GROUP BY i.customer_id ORDER BY i.customer_id`,
      [asOf],
    );
  }

  /** Open payables per vendor by age on `asOf`. */
  payablesAging(asOf: string): Promise<AgingSums[]> {
    const open = `coalesce(b.functional_total_minor - b.functional_settled_minor, b.total_minor - b.paid_minor)`;
    return agingRow.many(
      this.dataSource,
      `SELECT b.vendor_id AS "partyId", min(v.name) AS "partyName", ${AGE('b.due_date', open)}
         FROM bills b JOIN vendors v ON v.id = b.vendor_id WHERE b.status IN ('posted', 'partially_paid') GROUP BY b.vendor_id ORDER BY min(v.name), b.vendor_id`,
      [asOf],
    );
  }
}
