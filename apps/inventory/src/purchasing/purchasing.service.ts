import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { Outbox } from '@platform/events';
import { badUserInput, moneyFromMinor, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { ProductsService } from '../products/products.service';
import { costInCurrency, type MoneyValue } from '../shared/money';
import { MovementKind, type StockKey } from '../stock/stock.repository';
import { StockService } from '../stock/stock.service';
import { WarehousesService } from '../warehouses/warehouses.service';
import { type PurchaseOrder, type PurchaseOrderLine, PurchaseOrderStatus, type ReorderRule, type Supplier } from './purchase-order.model';
import { placeRefusal, receiptPlan, receivedStatus, reorderQuantity } from './purchase-rules';
import { emitRaised, emitReceived } from './purchasing-events';
import { type PurchaseOrderRow, PurchasingRepository, type SupplierRow } from './purchasing.repository';

/**
 * Suppliers, purchase orders and reorder rules. A receipt locks the stock
 * rows of its products before the order (the platform's lock order) and
 * adds stock through StockService, which values it and lets backorders take it.
 */
@Injectable()
export class PurchasingService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PurchasingRepository,
    private readonly stock: StockService,
    private readonly products: ProductsService,
    private readonly warehouses: WarehousesService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  onModuleInit(): void {
    this.stock.whenDepleted((manager, key) => this.reorderIn(manager, key));
  }

  async createSupplier(name: string): Promise<Supplier> {
    return this.dataSource.transaction((manager) => this.repository.insertSupplierIn(manager, name));
  }

  suppliers(first: number, after: string | null | undefined): Promise<Page<Supplier>> {
    return this.repository.suppliers(first, after);
  }

  async setReorderRule(
    input: { productId: string; warehouseId?: string | null; supplierId: string; minimum: number; maximum: number },
    actor?: Identity,
  ): Promise<ReorderRule> {
    if (input.maximum <= input.minimum) throw badUserInput('maximum must be greater than minimum', { maximum: ['must be greater than minimum'] });
    return this.dataSource.transaction(async (manager) => {
      const product = await this.products.activeIn(manager, input.productId);
      const warehouse = await this.warehouses.resolveIn(manager, input.warehouseId);
      await this.supplierIn(manager, input.supplierId);
      const rule = await this.repository.upsertRuleIn(manager, {
        productId: product.id,
        warehouseId: warehouse.id,
        supplierId: input.supplierId,
        minimum: input.minimum,
        maximum: input.maximum,
      });
      await this.audit.record(manager, actor, 'setReorderRule', rule.id, {
        productId: product.id,
        warehouseId: warehouse.id,
        minimum: rule.minimum,
        maximum: rule.maximum,
      });
      return rule;
    });
  }

  /** A draft purchase order; every line's cost must be in its product's currency. */
  async create(
    input: { supplierId: string; warehouseId?: string | null; lines: { productId: string; quantity: number; unitCost: MoneyValue }[] },
    actor?: Identity,
  ): Promise<PurchaseOrder> {
    return this.dataSource.transaction(async (manager) => {
      const supplier = await this.supplierIn(manager, input.supplierId);
      const warehouse = await this.warehouses.resolveIn(manager, input.warehouseId);
      const lines = [];
      for (const [i, line] of input.lines.entries()) {
        const product = await this.products.activeIn(manager, line.productId);
        const cost = costInCurrency(line.unitCost, product.currency, `lines.${i}.unitCost`);
        lines.push({ productId: product.id, sku: product.sku, quantity: line.quantity, unitCostMinor: cost.toString(), currency: product.currency });
      }
      const order = await this.repository.insertOrderIn(manager, { supplierId: supplier.id, warehouseId: warehouse.id, reorderRuleId: null });
      // Only a reorder rule's purchase order can meet its open one.
      if (!order) throw new Error('a purchase order without a reorder rule was refused as a duplicate');
      await this.repository.insertLinesIn(manager, order.id, lines);
      await emitRaised(this.outbox, manager, order, supplier, lines);
      await this.audit.record(manager, actor, 'createPurchaseOrder', order.id, { number: order.number, lines: lines.length });
      return order;
    });
  }

  async place(id: string, actor?: Identity): Promise<PurchaseOrder> {
    return this.dataSource.transaction(async (manager) => {
      const order = await this.repository.lockOrderIn(manager, id);
      if (!order) throw notFound('PurchaseOrder', id);
      const refusal = placeRefusal(order);
      if (refusal) throw refusal;
      await this.audit.record(manager, actor, 'placePurchaseOrder', id, { number: order.number });
      return this.repository.setStatusIn(manager, id, PurchaseOrderStatus.ORDERED);
    });
  }

  /** Goods arrive (all outstanding, or the lines named) at the purchase price; emits inventory.purchase-order.received. */
  async receive(id: string, requested: { lineId: string; quantity: number }[] | null | undefined, actor?: Identity): Promise<PurchaseOrder> {
    return this.dataSource.transaction(async (manager) => {
      const existing = await this.repository.findOrderIn(manager, id);
      if (!existing) throw notFound('PurchaseOrder', id);
      const rows = await this.repository.linesOf([id], manager);
      await this.stock.lockIn(
        manager,
        rows.map((l) => ({ productId: l.productId, warehouseId: existing.warehouseId })),
      );
      const order = await this.repository.lockOrderIn(manager, id);
      if (!order) throw notFound('PurchaseOrder', id);
      const lines = rows.map((l) => ({ ...l, received: l.receivedQuantity }));
      const plan = receiptPlan(order, lines, requested);
      if (!plan.length) throw badUserInput('A receipt needs at least one unit', { lines: ['receive at least one unit'] });
      const products = new Map(
        (
          await this.products.findIn(
            manager,
            plan.map((p) => p.line.productId),
          )
        ).map((p) => [p.id, p]),
      );
      for (const { line, quantity } of plan) {
        const key = { productId: line.productId, warehouseId: order.warehouseId };
        await this.stock.arriveIn(manager, key, quantity, BigInt(line.unitCostMinor), {
          kind: MovementKind.RECEIPT,
          referenceId: line.id,
          reason: order.number,
          actor: actor?.sub ?? null,
        });
        await this.repository.addReceivedIn(manager, line.id, quantity);
        line.received += quantity;
      }
      const status = receivedStatus(lines);
      const row = await this.repository.setStatusIn(manager, id, status);
      const supplier = await this.supplierIn(manager, order.supplierId);
      // Purchase lines reference their products (a foreign key): each is there.
      const received = plan.map(({ line, quantity }) => ({ ...line, sku: products.get(line.productId)?.sku ?? line.productId, quantity }));
      await emitReceived(this.outbox, manager, row, supplier, { id: randomUUID(), lines: received, complete: status === PurchaseOrderStatus.RECEIVED });
      await this.stock.emitAvailabilityIn(
        manager,
        plan.map((p) => p.line.productId),
      );
      await this.audit.record(manager, actor, 'receivePurchaseOrder', id, { lines: plan.map((p) => ({ lineId: p.line.id, quantity: p.quantity })) });
      return row;
    });
  }

  /**
   * After available fell (stock row locked): when the warehouse's available
   * quantity fell under the rule's minimum, a draft purchase order for the
   * shortfall up to the maximum, unless the rule already has an open one.
   */
  private async reorderIn(manager: EntityManager, key: StockKey): Promise<void> {
    const rule = await this.repository.ruleIn(manager, key.productId, key.warehouseId);
    if (!rule) return;
    const level = await this.stock.levelIn(manager, key);
    const quantity = reorderQuantity(rule, level.onHand - level.reserved);
    if (!quantity) return;
    const order = await this.repository.insertOrderIn(manager, { supplierId: rule.supplierId, warehouseId: rule.warehouseId, reorderRuleId: rule.id });
    if (!order) return;
    const [product] = await this.products.findIn(manager, [rule.productId]);
    const lines = [{ productId: product.id, sku: product.sku, quantity, unitCostMinor: product.standardCostMinor, currency: product.currency }];
    await this.repository.insertLinesIn(manager, order.id, lines);
    await emitRaised(this.outbox, manager, order, await this.supplierIn(manager, rule.supplierId), lines);
  }

  async get(id: string): Promise<PurchaseOrderRow> {
    const row = await this.repository.findOrderIn(this.dataSource, id);
    if (!row) throw notFound('PurchaseOrder', id);
    return row;
  }

  list(first: number, after: string | null | undefined, status: PurchaseOrderStatus | null | undefined): Promise<Page<PurchaseOrder>> {
    return this.repository.orders(first, after, status);
  }

  async linesOf(orderIds: readonly string[]): Promise<PurchaseOrderLine[]> {
    return (await this.repository.linesOf(orderIds)).map((l) => ({
      ...l,
      received: l.receivedQuantity,
      unitCost: moneyFromMinor(l.unitCostMinor, l.currency),
    }));
  }

  private async supplierIn(manager: EntityManager, id: string): Promise<SupplierRow> {
    const [supplier] = await this.repository.suppliersByIds([id], manager);
    if (!supplier) throw notFound('Supplier', id);
    return supplier;
  }
}
