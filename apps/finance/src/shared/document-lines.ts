import type { EntityManager } from 'typeorm';
import { bigintText, defineTable, int, type Queryable, text, uuid } from '@platform/database';
import type { PricedLine } from '../invoices/invoice-rules';

/**
 * Invoices and bills keep their lines the same way, each in its own table
 * (invoice_lines.invoice_id, bill_lines.bill_id): one definition of those
 * tables, their reading and their writing.
 */
export function documentLines(table: 'invoice_lines' | 'bill_lines', parentColumn: 'invoice_id' | 'bill_id') {
  const lines = defineTable(table, 'l', {
    id: uuid(),
    documentId: uuid(parentColumn),
    position: int(),
    productId: uuid().nullable(),
    description: text(),
    quantity: int(),
    unitPriceMinor: bigintText(),
    taxRateBp: int(),
    netMinor: bigintText(),
    taxMinor: bigintText(),
  });
  return {
    /** The lines of several documents, by document and position. */
    of: (db: Queryable, documentIds: readonly string[]) =>
      lines.many(db, `SELECT ${lines.columns} FROM ${table} l WHERE l.${parentColumn} = ANY($1::uuid[]) ORDER BY l.${parentColumn}, l.position`, [
        [...new Set(documentIds)],
      ]),
    /** Writes a document's priced lines in order, in one statement. */
    async insert(manager: EntityManager, documentId: string, priced: readonly PricedLine[]): Promise<void> {
      if (!priced.length) return;
      await manager.query(
        `INSERT INTO ${table} (${parentColumn}, position, product_id, description, quantity, unit_price_minor, tax_rate_bp, net_minor, tax_minor)
         SELECT $1, l.ord - 1, l.product_id, l.description, l.quantity, l.unit_price, l.rate, l.net, l.tax
         FROM unnest($2::uuid[], $3::text[], $4::int[], $5::bigint[], $6::int[], $7::bigint[], $8::bigint[])
              WITH ORDINALITY AS l(product_id, description, quantity, unit_price, rate, net, tax, ord)`,
        [
          documentId,
          priced.map((l) => l.productId),
          priced.map((l) => l.description),
          priced.map((l) => l.quantity),
          priced.map((l) => l.unitPriceMinor.toString()),
          priced.map((l) => l.taxRateBp),
          priced.map((l) => l.net.toString()),
          priced.map((l) => l.tax.toString()),
        ],
      );
    },
  };
}
