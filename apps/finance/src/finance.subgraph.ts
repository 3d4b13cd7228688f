import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import type { SubgraphService } from '@platform/service';
import { Customer } from './customers/customer.model';
import { financeConfigShape } from './finance.config';
import { FinanceModule } from './finance.module';
import { InvoiceEntity } from './invoices/invoice.entity';
import { CreateInvoices1763900000000 } from './migrations/1763900000000-create-invoices';

/** Finance: receivables and the ledger. Extends Customer with openBalance. */
export const financeSubgraph: SubgraphService = {
  name: 'finance',
  defaultPort: SUBGRAPH_PORTS.finance,
  database: { applicationName: 'finance', entities: [InvoiceEntity], migrations: [CreateInvoices1763900000000, EventTables1763900001000] },
  config: financeConfigShape,
  extendedEntities: [Customer],
  imports: [FinanceModule],
};
