import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import type { SubgraphService } from '@platform/service';
import { Customer } from './customers/customer.model';
import { InventoryModule } from './inventory.module';
import { CreateSalesOrders1763900000000 } from './migrations/1763900000000-create-sales-orders';
import { SalesOrderEntity } from './orders/sales-order.entity';

/** Inventory: stock and fulfilment. Extends Customer with orders. */
export const inventorySubgraph: SubgraphService = {
  name: 'inventory',
  defaultPort: SUBGRAPH_PORTS.inventory,
  database: { applicationName: 'inventory', entities: [SalesOrderEntity], migrations: [CreateSalesOrders1763900000000, EventTables1763900001000] },
  extendedEntities: [Customer],
  imports: [InventoryModule],
};
