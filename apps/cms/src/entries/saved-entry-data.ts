import type { EntityManager } from 'typeorm';
import { defineRow, uuid } from '@platform/database';
import { isRecord, json } from '../shared/json-column';

const savedData = defineRow('saved entry data', { entryId: uuid(), data: json(isRecord, 'an object') });

/**
 * The data of every entry of a type that a change of the type must keep
 * valid: each entry's draft and its live version. Asked by the content-types
 * area inside its transaction, which holds the type's lock, so no entry of
 * the type is saved meanwhile.
 */
export function savedDataOfTypeIn(manager: EntityManager, contentTypeId: string): Promise<{ entryId: string; data: Record<string, unknown> }[]> {
  return savedData.many(
    manager,
    `SELECT v.entry_id AS "entryId", v.data AS "data"
       FROM entries e JOIN entry_versions v ON v.entry_id = e.id AND v.version IN (e.draft_version, e.published_version)
      WHERE e.content_type_id = $1
      ORDER BY e.created_at, e.id, v.version`,
    [contentTypeId],
  );
}
