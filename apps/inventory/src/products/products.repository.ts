import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { bigintText, bool, defineTable, type Queryable, type RowOf, text, timestamptz, uuid } from '@platform/database';
import { decodeCursor, moneyFromMinor, type Page, toPage } from '@platform/graphql';
import type { Product } from './product.model';

export const productsTable = defineTable('products', 'p', {
  id: uuid(),
  sku: text(),
  name: text(),
  unitOfMeasure: text(),
  listPriceMinor: bigintText(),
  currency: text(),
  standardCostMinor: bigintText(),
  active: bool(),
  createdAt: timestamptz(),
});
export type ProductRow = RowOf<typeof productsTable>;

export const toProduct = (row: ProductRow): Product => ({
  ...row,
  listPrice: moneyFromMinor(row.listPriceMinor, row.currency),
  standardCost: moneyFromMinor(row.standardCostMinor, row.currency),
});

export interface NewProduct {
  sku: string;
  name: string;
  unitOfMeasure: string;
  listPriceMinor: bigint;
  standardCostMinor: bigint;
  currency: string;
}

export type ProductChanges = Pick<ProductRow, 'name' | 'unitOfMeasure' | 'listPriceMinor' | 'standardCostMinor' | 'currency' | 'active'>;

/** All SQL of products; nothing else touches the table. */
@Injectable()
export class ProductsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Undefined when the SKU is taken (compared without case). */
  async insertIn(manager: EntityManager, product: NewProduct): Promise<ProductRow | undefined> {
    return productsTable.one(
      manager,
      `INSERT INTO products AS p (id, sku, name, unit_of_measure, list_price_minor, standard_cost_minor, currency)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT ((upper(sku))) DO NOTHING RETURNING ${productsTable.columns}`,
      [
        randomUUID(),
        product.sku,
        product.name,
        product.unitOfMeasure,
        product.listPriceMinor.toString(),
        product.standardCostMinor.toString(),
        product.currency,
      ],
    );
  }

  lockIn(manager: EntityManager, id: string): Promise<ProductRow | undefined> {
    return productsTable.one(manager, `SELECT ${productsTable.columns} FROM products p WHERE p.id = $1 FOR UPDATE`, [id]);
  }

  async changeIn(manager: EntityManager, id: string, changes: ProductChanges): Promise<ProductRow> {
    const row = await productsTable.one(
      manager,
      `UPDATE products AS p SET name = $2, unit_of_measure = $3, list_price_minor = $4, standard_cost_minor = $5, currency = $6, active = $7, updated_at = now()
       WHERE p.id = $1 RETURNING ${productsTable.columns}`,
      [id, changes.name, changes.unitOfMeasure, changes.listPriceMinor, changes.standardCostMinor, changes.currency, changes.active],
    );
    if (!row) throw new Error(`product ${id} vanished under its lock`);
    return row;
  }

  async findByIds(ids: readonly string[], db: Queryable = this.dataSource): Promise<ProductRow[]> {
    if (!ids.length) return [];
    return productsTable.many(db, `SELECT ${productsTable.columns} FROM products p WHERE p.id = ANY($1::uuid[])`, [[...new Set(ids)]]);
  }

  /** Oldest first, keyset-paginated on (created_at, id); `active` filters when given. */
  async list(first: number, after: string | null | undefined, active: boolean | null | undefined): Promise<Page<ProductRow>> {
    const parameters: unknown[] = [first + 1];
    const where: string[] = [];
    if (active !== null && active !== undefined) where.push(`p.active = $${parameters.push(active)}`);
    if (after) {
      const { at, id } = decodeCursor(after);
      where.push(`(p.created_at, p.id) > ($${parameters.push(at)}::timestamptz, $${parameters.push(id)}::uuid)`);
    }
    const rows = await productsTable.many(
      this.dataSource,
      `SELECT ${productsTable.columns} FROM products p ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY p.created_at, p.id LIMIT $1`,
      parameters,
    );
    return toPage(rows, first);
  }
}
