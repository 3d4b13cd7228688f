import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import { AuditLog1763900002000, type SubgraphService } from '@platform/service';
import { DocumentsConsumer } from './consumers/documents.consumer';
import { Customer } from './customers/customer.model';
import { financeConfigShape } from './finance.config';
import { FinanceModule } from './finance.module';
import { CreateInvoices1763900000000 } from './migrations/1763900000000-create-invoices';
import { Ledger1763900100000 } from './migrations/1763900100000-ledger';
import { Receivables1763900101000 } from './migrations/1763900101000-receivables';
import { Payables1763900102000 } from './migrations/1763900102000-payables';
import { FinanceErrorCode } from './shared/finance-error-codes';

/** Finance: the general ledger, receivables, payments and payables. Extends Customer with its account. */
export const financeSubgraph: SubgraphService = {
  name: 'finance',
  defaultPort: SUBGRAPH_PORTS.finance,
  database: {
    applicationName: 'finance',
    entities: [],
    migrations: [
      CreateInvoices1763900000000,
      EventTables1763900001000,
      AuditLog1763900002000,
      Ledger1763900100000,
      Receivables1763900101000,
      Payables1763900102000,
    ],
  },
  config: financeConfigShape,
  extendedEntities: [Customer],
  errorCodes: FinanceErrorCode,
  auditQuery: 'financeAuditLog',
  imports: [FinanceModule],
  consumers: [DocumentsConsumer],
};
