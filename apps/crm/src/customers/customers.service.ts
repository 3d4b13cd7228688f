import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { conflict, notFound, paginateByCreation, type Page } from '@platform/graphql';
import { CustomerEntity } from './customer.entity';
import type { CreateCustomerInput } from './dto/create-customer.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@Injectable()
export class CustomersService {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(CustomerEntity);
  }

  async create(input: CreateCustomerInput): Promise<CustomerEntity> {
    // ON CONFLICT keeps a duplicate from raising inside the statement; the
    // existing record is then named in the CONFLICT error.
    const rows: CustomerEntity[] = await this.dataSource.query(
      `INSERT INTO customers (id, name, email) VALUES ($1, $2, $3)
       ON CONFLICT (lower(email)) DO NOTHING
       RETURNING id, name, email, created_at AS "createdAt"`,
      [randomUUID(), input.name, input.email],
    );
    if (rows.length) return rows[0];
    const existing = await this.repository
      .createQueryBuilder('c')
      .where('lower(c.email) = lower(:email)', { email: input.email })
      .getOneOrFail();
    throw conflict(`A customer with email ${input.email} already exists (${existing.id})`, { existingId: existing.id });
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
