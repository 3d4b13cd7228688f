import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { defineTable, int, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';

export const assetsTable = defineTable('assets', 'a', {
  id: uuid(),
  fileName: text(),
  mimeType: text(),
  sizeBytes: int(),
  width: int().nullable(),
  height: int().nullable(),
  sha256: text(),
  storageKey: text(),
  createdBy: text().nullable(),
  createdAt: timestamptz(),
});
export type AssetRow = RowOf<typeof assetsTable>;

const A = assetsTable.columns;

/** All SQL of assets. */
@Injectable()
export class AssetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(asset: Omit<AssetRow, 'createdAt'>): Promise<AssetRow> {
    const row = await assetsTable.one(
      this.dataSource,
      `INSERT INTO assets AS a (id, file_name, mime_type, size_bytes, width, height, sha256, storage_key, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${A}`,
      [asset.id, asset.fileName, asset.mimeType, asset.sizeBytes, asset.width, asset.height, asset.sha256, asset.storageKey, asset.createdBy],
    );
    return row!;
  }

  findByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<AssetRow[]> {
    if (!ids.length) return Promise.resolve([]);
    return assetsTable.many(db, `SELECT ${A} FROM assets a WHERE a.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  async list(first: number, after?: string | null): Promise<Page<AssetRow>> {
    const parameters: unknown[] = [first + 1];
    let where = '';
    if (after) {
      const { at, id } = decodeCursor(after);
      parameters.push(at, id);
      where = `WHERE (a.created_at, a.id) > ($2::timestamptz, $3::uuid)`;
    }
    return toPage(await assetsTable.many(this.dataSource, `SELECT ${A} FROM assets a ${where} ORDER BY a.created_at, a.id LIMIT $1`, parameters), first);
  }
}
