import { z } from 'zod';
import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import { AuditLog1763900002000, type SubgraphService } from '@platform/service';
import { CheckModule } from './check/check.module';
import { Customer } from './customers/customer.model';
import { CreateSalesOrders1763900000000 } from './migrations/1763900000000-create-sales-orders';
import { CreateProductsAndWarehouses1764300000000 } from './migrations/1764300000000-create-products-and-warehouses';
import { CreateStockLedger1764300001000 } from './migrations/1764300001000-create-stock-ledger';
import { CreateReservations1764300002000 } from './migrations/1764300002000-create-reservations';
import { SalesOrderLines1764300003000 } from './migrations/1764300003000-sales-order-lines';
import { PurchaseOrdersAndReorderRules1764300004000 } from './migrations/1764300004000-purchase-orders-and-reorder-rules';
import { ListStatusIndexes1764300005000 } from './migrations/1764300005000-list-status-indexes';
import { DealEventsConsumer } from './orders/deal-events.consumer';
import { OrdersModule } from './orders/orders.module';
import { ProductsModule } from './products/products.module';
import { PurchasingModule } from './purchasing/purchasing.module';
import { ReservationsModule } from './reservations/reservations.module';
import { InventoryErrorCode } from './shared/inventory-error-codes';
import { StockModule } from './stock/stock.module';
import { WarehousesModule } from './warehouses/warehouses.module';

/** Inventory: products, stock and its ledger, reservations, sales-order fulfilment, purchasing. Owns Product; extends Customer with orders. */
export const inventorySubgraph: SubgraphService = {
  name: 'inventory',
  defaultPort: SUBGRAPH_PORTS.inventory,
  database: {
    applicationName: 'inventory',
    entities: [],
    migrations: [
      CreateSalesOrders1763900000000,
      EventTables1763900001000,
      AuditLog1763900002000,
      CreateProductsAndWarehouses1764300000000,
      CreateStockLedger1764300001000,
      CreateReservations1764300002000,
      SalesOrderLines1764300003000,
      PurchaseOrdersAndReorderRules1764300004000,
      ListStatusIndexes1764300005000,
    ],
  },
  config: {
    RESERVATION_EXPIRY_POLL_MS: z.coerce.number().int().min(50).max(3_600_000).default(5000),
  },
  errorCodes: InventoryErrorCode,
  auditQuery: 'inventoryAuditLog',
  extendedEntities: [Customer],
  imports: [ProductsModule, WarehousesModule, StockModule, ReservationsModule, OrdersModule, PurchasingModule, CheckModule],
  consumers: [DealEventsConsumer],
};
