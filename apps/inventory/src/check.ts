import { createDataSource } from '@platform/database';
import { StockCheckService } from './check/stock-check.service';
import { inventorySubgraph } from './inventory.subgraph';
import { SalesOrdersRepository } from './orders/sales-orders.repository';
import { ReservationsRepository } from './reservations/reservations.repository';
import { StockRepository } from './stock/stock.repository';

/**
 * `nx run inventory:check`: proves stock rows, the ledger, open reservations
 * and order lines agree on DATABASE_URL. Prints the result as JSON; exit code
 * 1 when anything disagrees, 2 when the check could not run.
 */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('config: DATABASE_URL is required (the postgres:// URL of the inventory database)');
    process.exit(2);
  }
  const dataSource = createDataSource({ ...inventorySubgraph.database, applicationName: 'inventory-check', url });
  try {
    await dataSource.initialize();
    const check = new StockCheckService(
      dataSource,
      new StockRepository(dataSource),
      new ReservationsRepository(dataSource),
      new SalesOrdersRepository(dataSource),
    );
    const result = await check.run();
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = result.consistent ? 0 : 1;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = 2;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

void main();
