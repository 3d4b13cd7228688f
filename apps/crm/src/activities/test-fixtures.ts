import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';

/** Rows of other areas, written in SQL so these specs depend only on the schema. */
export function crmFixtures(dataSource: DataSource) {
  return {
    async customer(name = 'Acme'): Promise<string> {
      const id = randomUUID();
      await dataSource.query(`INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)`, [id, name, `${id}@customers.test`]);
      return id;
    },
    async contact(customerId: string | null): Promise<string> {
      const id = randomUUID();
      await dataSource.query(`INSERT INTO contacts (id, customer_id, first_name, email) VALUES ($1, $2, 'Pat', $3)`, [id, customerId, `${id}@contacts.test`]);
      return id;
    },
    async deal(customerId: string): Promise<string> {
      const id = randomUUID();
      await dataSource.query(
        `INSERT INTO deals (id, name, customer_id, pipeline_id, stage_id, amount_minor, currency)
         VALUES ($1, 'Deal', $2, '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000101', 100000, 'EUR')`,
        [id, customerId],
      );
      return id;
    },
    async lead(): Promise<string> {
      const id = randomUUID();
      await dataSource.query(`INSERT INTO leads (id, email, source) VALUES ($1, $2, 'manual')`, [id, `${id}@leads.test`]);
      return id;
    },
    async count(table: string): Promise<number> {
      return (await dataSource.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    },
  };
}

export const MISSING_ID = '00000000-0000-4000-8000-00000000dead';
