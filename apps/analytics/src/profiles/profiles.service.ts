import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type CustomerFacts, type CustomerMoney, DomainEventsRepository } from '../domain/domain-events.repository';
import type { Profile } from './profile.model';

@Injectable()
export class ProfilesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly domainEvents: DomainEventsRepository,
  ) {}

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
    return new Map(rows.map((r) => [r.customer_id, { id: r.id, customerId: r.customer_id, firstSeenAt: r.first_seen_at }]));
  }

  async factsOf(customerIds: readonly string[]): Promise<Map<string, CustomerFacts>> {
    return new Map((await this.domainEvents.factsOf(this.dataSource, customerIds)).map((f) => [f.customerId, f]));
  }

  async moneyOf(customerIds: readonly string[]): Promise<Map<string, CustomerMoney[]>> {
    const grouped = new Map<string, CustomerMoney[]>();
    for (const row of await this.domainEvents.moneyOf(this.dataSource, customerIds)) grouped.set(row.customerId, [...(grouped.get(row.customerId) ?? []), row]);
    return grouped;
  }
}
