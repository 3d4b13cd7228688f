import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Injectable()
export class InvoicesService {
  constructor(private readonly dataSource: DataSource) {}

  /** Outstanding minor units per customer (0 when nothing is open), one query for the whole batch. */
  async openBalances(customerIds: readonly string[]): Promise<Map<string, string>> {
    const rows: { customer_id: string; open_minor: string }[] = await this.dataSource.query(
      `SELECT customer_id, sum(total_minor - paid_minor)::text AS open_minor
         FROM invoices
        WHERE status = 'open' AND customer_id = ANY($1::uuid[])
        GROUP BY customer_id`,
      [customerIds],
    );
    return new Map(rows.map((r) => [r.customer_id, r.open_minor]));
  }
}
