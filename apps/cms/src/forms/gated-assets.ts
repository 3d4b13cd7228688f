import type { Queryable } from '@platform/database';

/**
 * Whether a form gates this asset: such a file is served only through a
 * download link a submission earned, never by its id. Asked by the assets
 * area before it serves a file publicly.
 */
export async function isGatedAsset(db: Queryable, assetId: string): Promise<boolean> {
  const rows = (await db.query(`SELECT 1 FROM forms WHERE gated_asset_id = $1 LIMIT 1`, [assetId])) as unknown[];
  return rows.length > 0;
}
