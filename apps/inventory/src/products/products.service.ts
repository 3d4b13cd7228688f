import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { conflict, DomainError, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { InventoryErrorCode } from '../shared/inventory-error-codes';
import type { CreateProductInput, UpdateProductInput } from './dto/product.input';
import { productPrices } from './product-rules';
import type { Product } from './product.model';
import { type ProductRow, ProductsRepository, toProduct } from './products.repository';

/** Product commands; the SQL is in ProductsRepository. */
@Injectable()
export class ProductsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ProductsRepository,
    private readonly audit: AuditLog,
  ) {}

  async create(input: CreateProductInput, actor?: Identity): Promise<Product> {
    const prices = productPrices(input.listPrice, input.standardCost);
    // ON CONFLICT DO NOTHING answers a taken SKU, also when a concurrent insert of it commits first.
    const row = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.repository.insertIn(manager, { sku: input.sku, name: input.name, unitOfMeasure: input.unitOfMeasure, ...prices });
      if (inserted) await this.audit.record(manager, actor, 'createProduct', inserted.id, { sku: inserted.sku });
      return inserted;
    });
    if (!row) throw conflict(`SKU ${input.sku} is already taken`, { sku: input.sku });
    return toProduct(row);
  }

  async update(id: string, input: UpdateProductInput, actor?: Identity): Promise<Product> {
    return this.dataSource.transaction(async (manager) => {
      const product = await this.repository.lockIn(manager, id);
      if (!product) throw notFound('Product', id);
      const current = toProduct(product);
      const prices = productPrices(input.listPrice ?? current.listPrice, input.standardCost ?? current.standardCost);
      const row = await this.repository.changeIn(manager, id, {
        name: input.name ?? product.name,
        unitOfMeasure: input.unitOfMeasure ?? product.unitOfMeasure,
        listPriceMinor: prices.listPriceMinor.toString(),
        standardCostMinor: prices.standardCostMinor.toString(),
        currency: prices.currency,
        active: input.active ?? product.active,
      });
      const fields = Object.keys(input).filter((field) => input[field as keyof UpdateProductInput] !== undefined);
      await this.audit.record(manager, actor, 'updateProduct', id, { fields });
      return toProduct(row);
    });
  }

  async get(id: string): Promise<Product> {
    const [row] = await this.repository.findByIds([id]);
    if (!row) throw notFound('Product', id);
    return toProduct(row);
  }

  async findByIds(ids: readonly string[]): Promise<Product[]> {
    return (await this.repository.findByIds(ids)).map(toProduct);
  }

  async list(first: number, after: string | null | undefined, active: boolean | null | undefined): Promise<Page<Product>> {
    const page = await this.repository.list(first, after, active);
    return { ...page, nodes: page.nodes.map(toProduct) };
  }

  /** The products, in the caller's transaction (any order; unknown ids left out). */
  findIn(manager: EntityManager, ids: readonly string[]): Promise<ProductRow[]> {
    return this.repository.findByIds(ids, manager);
  }

  /** The product, which must exist and be active, for a command that adds stock, holds or demand. */
  async activeIn(manager: EntityManager, id: string): Promise<ProductRow> {
    const [row] = await this.repository.findByIds([id], manager);
    if (!row) throw notFound('Product', id);
    if (!row.active) throw new DomainError(InventoryErrorCode.ProductInactive, `Product ${row.sku} is archived; reactivate it first`, { productId: id });
    return row;
  }
}
