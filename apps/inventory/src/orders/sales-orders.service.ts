import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SalesOrder, SalesOrderStatus } from './sales-order.model';

interface Row {
  id: string;
  customer_id: string;
  number: string;
  status: SalesOrderStatus;
  created_at: Date;
}

@Injectable()
export class SalesOrdersService {
  constructor(private readonly dataSource: DataSource) {}

  /** The newest `limit` orders of each customer, one query for the whole batch. */
  async latestByCustomer(customerIds: readonly string[], limit: number): Promise<Map<string, SalesOrder[]>> {
    const rows: Row[] = await this.dataSource.query(
      `SELECT id, customer_id, number, status, created_at FROM (
         SELECT o.*, row_number() OVER (PARTITION BY customer_id ORDER BY created_at DESC, id DESC) AS rank
           FROM sales_orders o
          WHERE customer_id = ANY($1::uuid[])
       ) ranked
       WHERE rank <= $2
       ORDER BY customer_id, created_at DESC, id DESC`,
      [customerIds, limit],
    );
    const byCustomer = new Map<string, SalesOrder[]>();
    for (const row of rows) {
      const orders = byCustomer.get(row.customer_id) ?? [];
      orders.push({ id: row.id, number: row.number, status: row.status, createdAt: row.created_at });
      byCustomer.set(row.customer_id, orders);
    }
    return byCustomer;
  }
}
