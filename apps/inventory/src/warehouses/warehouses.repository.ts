import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bool, defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';

export const warehousesTable = defineTable('warehouses', 'w', {
  id: uuid(),
  code: text(),
  name: text(),
  isDefault: bool(),
  createdAt: timestamptz(),
});
export type WarehouseRow = RowOf<typeof warehousesTable>;

/** All SQL of warehouses. */
@Injectable()
export class WarehousesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Undefined when the code is taken. */
  insertIn(manager: EntityManager, code: string, name: string): Promise<WarehouseRow | undefined> {
    return warehousesTable.one(
      manager,
      `INSERT INTO warehouses AS w (id, code, name) VALUES ($1, $2, $3) ON CONFLICT ((upper(code))) DO NOTHING RETURNING ${warehousesTable.columns}`,
      [randomUUID(), code, name],
    );
  }

  findByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<WarehouseRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return warehousesTable.many(db, `SELECT ${warehousesTable.columns} FROM warehouses w WHERE w.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  defaultIn(db: Queryable): Promise<WarehouseRow | undefined> {
    return warehousesTable.one(db, `SELECT ${warehousesTable.columns} FROM warehouses w WHERE w.is_default`);
  }

  async list(first: number, after: string | null | undefined): Promise<Page<WarehouseRow>> {
    const parameters: unknown[] = [first + 1];
    let where = '';
    if (after) {
      const { at, id } = decodeCursor(after);
      where = `WHERE (w.created_at, w.id) > ($2::timestamptz, $3::uuid)`;
      parameters.push(at, id);
    }
    const rows = await warehousesTable.many(
      this.dataSource,
      `SELECT ${warehousesTable.columns} FROM warehouses w ${where} ORDER BY w.created_at, w.id LIMIT $1`,
      parameters,
    );
    return toPage(rows, first);
  }
}
