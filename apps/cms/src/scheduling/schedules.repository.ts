import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { defineTable, oneOf, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { ScheduledAction } from './schedule.model';

export const schedulesTable = defineTable('entry_schedules', 's', {
  id: uuid(),
  entryId: uuid(),
  action: oneOf(ScheduledAction),
  runAt: timestamptz(),
  createdBy: text().nullable(),
  doneAt: timestamptz().nullable(),
  outcome: text().nullable(),
  cancelledAt: timestamptz().nullable(),
});
export type ScheduleRow = RowOf<typeof schedulesTable>;

const S = schedulesTable.columns;

/** All SQL of entry_schedules. */
@Injectable()
export class SchedulesRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(
    s: { id: string; entryId: string; action: ScheduledAction; runAt: Date; createdBy: string | null },
    db: Queryable = this.dataSource,
  ): Promise<ScheduleRow> {
    const row = await schedulesTable.one(
      db,
      `INSERT INTO entry_schedules AS s (id, entry_id, action, run_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ${S}`,
      [s.id, s.entryId, s.action, s.runAt, s.createdBy],
    );
    return row!;
  }

  /** The earliest due schedule, locked; one another replica holds is skipped, not waited for. */
  claimDueIn(manager: EntityManager): Promise<ScheduleRow | undefined> {
    return schedulesTable.one(
      manager,
      `SELECT ${S} FROM entry_schedules s WHERE s.done_at IS NULL AND s.cancelled_at IS NULL AND s.run_at <= now()
        ORDER BY s.run_at, s.id LIMIT 1 FOR UPDATE SKIP LOCKED`,
    );
  }

  async finishIn(manager: EntityManager, id: string, outcome: string): Promise<void> {
    await manager.query(`UPDATE entry_schedules SET done_at = now(), outcome = $2 WHERE id = $1`, [id, outcome]);
  }

  /** Cancels a pending schedule; undefined when there is none pending with this id. */
  cancel(id: string): Promise<ScheduleRow | undefined> {
    return schedulesTable.one(
      this.dataSource,
      `UPDATE entry_schedules AS s SET cancelled_at = now() WHERE s.id = $1 AND s.done_at IS NULL AND s.cancelled_at IS NULL RETURNING ${S}`,
      [id],
    );
  }

  find(id: string): Promise<ScheduleRow | undefined> {
    return schedulesTable.one(this.dataSource, `SELECT ${S} FROM entry_schedules s WHERE s.id = $1`, [id]);
  }

  ofEntries(entryIds: readonly string[]): Promise<ScheduleRow[]> {
    return schedulesTable.many(this.dataSource, `SELECT ${S} FROM entry_schedules s WHERE s.entry_id = ANY($1::uuid[]) ORDER BY s.run_at, s.id`, [
      [...new Set(entryIds)],
    ]);
  }
}
