import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { bool, defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, type Page, toPage } from '@platform/graphql';
import { type FieldDefinition, FieldKind } from '../shared/fields';
import { json } from '../shared/json-column';

const KINDS = new Set<string>(Object.values(FieldKind));
const isFieldDefinitions = (value: unknown): value is FieldDefinition[] =>
  Array.isArray(value) &&
  value.every((f) => typeof f === 'object' && f !== null && typeof (f as FieldDefinition).apiId === 'string' && KINDS.has((f as FieldDefinition).kind));

export const contentTypesTable = defineTable('content_types', 't', {
  id: uuid(),
  apiId: text(),
  name: text(),
  fields: json(isFieldDefinitions, 'a list of field definitions'),
  reviewRequired: bool(),
  createdAt: timestamptz(),
  updatedAt: timestamptz(),
});
export type ContentTypeRow = RowOf<typeof contentTypesTable>;

const COLUMNS = contentTypesTable.columns;
const NOW = `date_trunc('milliseconds', now())`;

/** All SQL of content_types. */
@Injectable()
export class ContentTypesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new row, or undefined when the apiId is taken. */
  async insertIn(manager: EntityManager, type: { id: string; apiId: string; name: string; fields: FieldDefinition[]; reviewRequired: boolean }) {
    return contentTypesTable.one(
      manager,
      `INSERT INTO content_types AS t (id, api_id, name, fields, review_required) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (api_id) DO NOTHING RETURNING ${COLUMNS}`,
      [type.id, type.apiId, type.name, JSON.stringify(type.fields), type.reviewRequired],
    );
  }

  async updateIn(manager: EntityManager, id: string, change: { name: string; fields: FieldDefinition[]; reviewRequired: boolean }): Promise<ContentTypeRow> {
    const row = await contentTypesTable.one(
      manager,
      `UPDATE content_types AS t SET name = $2, fields = $3, review_required = $4, updated_at = ${NOW} WHERE t.id = $1 RETURNING ${COLUMNS}`,
      [id, change.name, JSON.stringify(change.fields), change.reviewRequired],
    );
    if (!row) throw new Error(`content type ${id} vanished under its lock`);
    return row;
  }

  /** The type, locked against a concurrent change of its fields (entries saved meanwhile wait for the new definition). */
  lockByApiIdIn(manager: EntityManager, apiId: string): Promise<ContentTypeRow | undefined> {
    return contentTypesTable.one(manager, `SELECT ${COLUMNS} FROM content_types t WHERE t.api_id = $1 FOR UPDATE`, [apiId]);
  }

  /** The type, share-locked: an entry saved under it is checked against the definition that stays until commit. */
  shareLockByApiIdIn(manager: EntityManager, apiId: string): Promise<ContentTypeRow | undefined> {
    return contentTypesTable.one(manager, `SELECT ${COLUMNS} FROM content_types t WHERE t.api_id = $1 FOR SHARE`, [apiId]);
  }

  findByApiId(apiId: string, db: Queryable = this.dataSource): Promise<ContentTypeRow | undefined> {
    return contentTypesTable.one(db, `SELECT ${COLUMNS} FROM content_types t WHERE t.api_id = $1`, [apiId]);
  }

  findByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<ContentTypeRow[]> {
    return contentTypesTable.many(db, `SELECT ${COLUMNS} FROM content_types t WHERE t.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  /** Which of these apiIds name no content type. */
  async missingApiIdsIn(manager: EntityManager, apiIds: readonly string[]): Promise<string[]> {
    if (!apiIds.length) return [];
    const rows: { api_id: string }[] = await manager.query(`SELECT api_id FROM content_types WHERE api_id = ANY($1::text[])`, [[...new Set(apiIds)]]);
    const found = new Set(rows.map((r) => r.api_id));
    return [...new Set(apiIds)].filter((a) => !found.has(a));
  }

  async list(first: number, after?: string | null): Promise<Page<ContentTypeRow>> {
    const parameters: unknown[] = [first + 1];
    let where = '';
    if (after) {
      const { at, id } = decodeCursor(after);
      parameters.push(at, id);
      where = `WHERE (t.created_at, t.id) > ($2::timestamptz, $3::uuid)`;
    }
    const rows = await contentTypesTable.many(
      this.dataSource,
      `SELECT ${COLUMNS} FROM content_types t ${where} ORDER BY t.created_at, t.id LIMIT $1`,
      parameters,
    );
    return toPage(rows, first);
  }
}
