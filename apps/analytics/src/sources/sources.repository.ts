import { Injectable } from '@nestjs/common';
import { defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';

export const sourcesTable = defineTable('tracking_sources', 's', {
  id: uuid(),
  name: text(),
  createdAt: timestamptz(),
  disabledAt: timestamptz().nullable(),
});
export type SourceRow = RowOf<typeof sourcesTable>;

@Injectable()
export class SourcesRepository {
  async insert(db: Queryable, id: string, name: string, writeKeyHash: string): Promise<SourceRow> {
    const row = await sourcesTable.one(
      db,
      `INSERT INTO tracking_sources AS s (id, name, write_key_hash) VALUES ($1, $2, $3) RETURNING ${sourcesTable.columns}`,
      [id, name, writeKeyHash],
    );
    return row!;
  }

  /** The active source holding this key hash. */
  byKeyHash(db: Queryable, writeKeyHash: string): Promise<SourceRow | undefined> {
    return sourcesTable.one(db, `SELECT ${sourcesTable.columns} FROM tracking_sources s WHERE s.write_key_hash = $1 AND s.disabled_at IS NULL`, [writeKeyHash]);
  }

  disable(db: Queryable, id: string): Promise<SourceRow | undefined> {
    return sourcesTable.one(
      db,
      `UPDATE tracking_sources AS s SET disabled_at = coalesce(s.disabled_at, date_trunc('milliseconds', now())) WHERE s.id = $1 RETURNING ${sourcesTable.columns}`,
      [id],
    );
  }

  list(db: Queryable): Promise<SourceRow[]> {
    return sourcesTable.many(db, `SELECT ${sourcesTable.columns} FROM tracking_sources s ORDER BY s.created_at, s.id`);
  }
}
