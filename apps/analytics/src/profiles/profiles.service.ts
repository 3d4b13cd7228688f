import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Profile } from './profile.model';

@Injectable()
export class ProfilesService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The profile of each customer, opened the first time the CDP sees the
   * customer (here: the first time it is asked about it). One statement per
   * batch: the CTE inserts the missing profiles, the outer query returns
   * those and the ones that already existed.
   */
  async forCustomers(customerIds: readonly string[]): Promise<Map<string, Profile>> {
    const rows: { id: string; customer_id: string; first_seen_at: Date }[] = await this.dataSource.query(
      `WITH wanted AS (SELECT DISTINCT unnest($1::uuid[]) AS customer_id),
            opened AS (
              INSERT INTO profiles (id, customer_id, first_seen_at)
              SELECT gen_random_uuid(), customer_id, now() FROM wanted
              ON CONFLICT (customer_id) DO NOTHING
              RETURNING id, customer_id, first_seen_at)
       SELECT id, customer_id, first_seen_at FROM opened
       UNION ALL
       SELECT p.id, p.customer_id, p.first_seen_at FROM profiles p JOIN wanted USING (customer_id)`,
      [customerIds],
    );
    return new Map(rows.map((r) => [r.customer_id, { id: r.id, firstSeenAt: r.first_seen_at }]));
  }
}
