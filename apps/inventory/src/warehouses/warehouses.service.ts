import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { conflict, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import type { Warehouse } from './warehouse.model';
import { type WarehouseRow, WarehousesRepository } from './warehouses.repository';

@Injectable()
export class WarehousesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: WarehousesRepository,
    private readonly audit: AuditLog,
  ) {}

  async create(code: string, name: string, actor?: Identity): Promise<Warehouse> {
    const row = await this.dataSource.transaction(async (manager) => {
      const inserted = await this.repository.insertIn(manager, code, name);
      if (inserted) await this.audit.record(manager, actor, 'createWarehouse', inserted.id, { code });
      return inserted;
    });
    if (!row) throw conflict(`Warehouse code ${code} is already taken`, { code });
    return row;
  }

  findByIds(ids: readonly string[]): Promise<Warehouse[]> {
    return this.repository.findByIds(ids);
  }

  list(first: number, after: string | null | undefined): Promise<Page<Warehouse>> {
    return this.repository.list(first, after);
  }

  /** The warehouse named, or the default one when none is; NOT_FOUND for an unknown id. */
  async resolveIn(manager: EntityManager, id: string | null | undefined): Promise<WarehouseRow> {
    const row = id ? (await this.repository.findByIds([id], manager))[0] : await this.repository.defaultIn(manager);
    if (!row) throw notFound('Warehouse', id ?? 'default');
    return row;
  }
}
