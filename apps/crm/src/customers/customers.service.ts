import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Identity } from '@platform/auth';
import { customerCreatedV1, type EventData, Outbox } from '@platform/events';
import { conflict, notFound, paginateByCreation, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { CustomerEntity } from './customer.entity';
import type { CreateCustomerInput } from './dto/create-customer.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class CustomersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(CustomerEntity);
  }

  /** The customer row, its crm.customer.created event and its audit entry commit together, or none does. */
  async create(input: CreateCustomerInput, actor?: Identity): Promise<CustomerEntity> {
    return this.dataSource.transaction(async (manager) => {
      // ON CONFLICT keeps a duplicate from raising inside the statement; the
      // existing record is then named in the CONFLICT error.
      const rows: CustomerEntity[] = await manager.query(
        `INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)
         ON CONFLICT (lower(email)) DO NOTHING
         RETURNING id, name, email, created_at AS "createdAt"`,
        [randomUUID(), input.name, input.email],
      );
      if (!rows.length) {
        const [existing] = await manager.query(`SELECT id FROM customers WHERE lower(email) = lower($1)`, [input.email]);
        throw conflict(`A customer with email ${input.email} already exists (${existing.id})`, { existingId: existing.id });
      }
      const customer = rows[0];
      const data: EventData<typeof customerCreatedV1> = {
        customerId: customer.id,
        name: customer.name,
        email: customer.email,
        createdAt: customer.createdAt.toISOString(),
      };
      await this.outbox.append(manager, [{ type: customerCreatedV1.type, version: customerCreatedV1.version, subject: customer.id, data, time: customer.createdAt }]);
      await this.audit.record(manager, actor, 'createCustomer', customer.id, { email: customer.email });
      return customer;
    });
  }

  async get(id: string): Promise<CustomerEntity> {
    const [customer] = await this.findByIds([id]);
    if (!customer) throw notFound('Customer', id);
    return customer;
  }

  /** One query for any number of ids; unknown or malformed ids are simply absent. */
  async findByIds(ids: readonly string[]): Promise<CustomerEntity[]> {
    const valid = [...new Set(ids.filter((id) => UUID.test(id)))];
    if (!valid.length) return [];
    return this.repository.createQueryBuilder('c').where('c.id = ANY(:ids)', { ids: valid }).getMany();
  }

  /** Oldest first, keyset-paginated on (created_at, id). */
  async list(first: number, after?: string | null): Promise<Page<CustomerEntity>> {
    return paginateByCreation(this.repository.createQueryBuilder('c'), first, after);
  }
}
