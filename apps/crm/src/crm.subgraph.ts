import { SUBGRAPH_PORTS } from '@platform/config';
import { EventTables1763900001000 } from '@platform/events';
import { AuditLog1763900002000, type SubgraphService } from '@platform/service';
import { CustomersModule } from './customers/customers.module';
import { CustomerEntity } from './customers/customer.entity';
import { CreateCustomers1763900000000 } from './migrations/1763900000000-create-customers';

/** CRM: the front office. Owns Customer. */
export const crmSubgraph: SubgraphService = {
  name: 'crm',
  defaultPort: SUBGRAPH_PORTS.crm,
  database: { applicationName: 'crm', entities: [CustomerEntity], migrations: [CreateCustomers1763900000000, EventTables1763900001000, AuditLog1763900002000] },
  auditQuery: 'crmAuditLog',
  imports: [CustomersModule],
};
