import type { EntityManager } from 'typeorm';
import { availabilityChangedV1, eventOf, type Outbox, stockAdjustedV1 } from '@platform/events';
import { moneyFromMinor } from '@platform/graphql';
import type { MovementRow, StockRepository } from './stock.repository';

/**
 * inventory.stock.availability-changed for each product, with its sellable
 * quantity as it stands in the caller's transaction (read under the locks of
 * the change, so two changes of one product are reported in commit order).
 */
export async function emitAvailability(outbox: Outbox, repository: StockRepository, manager: EntityManager, productIds: readonly string[]): Promise<void> {
  if (!productIds.length) return;
  const rows = await repository.availabilityIn(manager, productIds);
  await outbox.append(
    manager,
    rows.map((row) =>
      eventOf(
        availabilityChangedV1,
        row.productId,
        { productId: row.productId, sku: row.sku, available: row.available, changedAt: row.changedAt.toISOString() },
        { time: row.changedAt },
      ),
    ),
  );
}

/** inventory.stock.adjusted: the adjustment movement, the product's SKU and cost currency, and the on hand it left. */
export async function emitAdjusted(
  outbox: Outbox,
  manager: EntityManager,
  movement: MovementRow,
  product: { sku: string; currency: string },
  onHand: number,
): Promise<void> {
  await outbox.emit(
    manager,
    stockAdjustedV1,
    movement.productId,
    {
      movementId: movement.id,
      productId: movement.productId,
      sku: product.sku,
      warehouseId: movement.warehouseId,
      quantity: movement.quantity,
      unitCost: moneyFromMinor(movement.unitCostMinor, product.currency),
      onHand,
      reason: movement.reason ?? 'adjustment',
      adjustedAt: movement.createdAt.toISOString(),
    },
    { time: movement.createdAt },
  );
}
