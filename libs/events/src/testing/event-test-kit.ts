import { z } from 'zod';
import type { DataSource, EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import type { EventEnvelope } from '../envelope';
import { defineEvent, EventRegistry } from '../contracts/registry';
import { EventTables1763900001000 } from '../outbox/event-tables.migration';

/** A test-only event and the table its handler writes, for outbox/inbox specs. */
export const widgetCountedV1 = defineEvent({
  type: 'test.widget.counted',
  version: 1,
  topic: 'test.widget',
  producer: 'test',
  consumers: ['test'],
  description: 'test event',
  data: z.object({ widget: z.string(), n: z.number().int() }),
});

export const testRegistry = new EventRegistry([widgetCountedV1]);

export class WidgetEffects1700000000001 implements MigrationInterface {
  name = 'WidgetEffects1700000000001';
  async up(db: QueryRunner) {
    await db.query(`
      CREATE TABLE applied (
        event_id text NOT NULL, widget text NOT NULL, n int NOT NULL,
        event_time timestamptz, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`);
  }
  async down(db: QueryRunner) {
    await db.query('DROP TABLE applied');
  }
}

export const eventTestMigrations = [EventTables1763900001000, WidgetEffects1700000000001];

/** Rows in `applied`: the effects of handled events. */
export async function appliedRows(dataSource: DataSource): Promise<{ event_id: string; widget: string; n: number }[]> {
  return dataSource.query('SELECT event_id, widget, n FROM applied ORDER BY applied_at');
}

/** The test handler: records the event's effect (and its time, for latency). */
export async function applyWidget(event: EventEnvelope, manager: EntityManager): Promise<void> {
  const data = event.data as { widget: string; n: number };
  await manager.query('INSERT INTO applied (event_id, widget, n, event_time) VALUES ($1, $2, $3, $4)', [event.id, data.widget, data.n, event.time]);
}
