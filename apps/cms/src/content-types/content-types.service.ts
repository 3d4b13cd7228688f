import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Identity } from '@platform/auth';
import { conflict, notFound, paginateByCreation, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { ContentTypeEntity } from './content-type.entity';
import type { CreateContentTypeInput } from './dto/create-content-type.input';

@Injectable()
export class ContentTypesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(ContentTypeEntity);
  }

  /** The content type and its audit entry commit together. */
  async create(input: CreateContentTypeInput, actor?: Identity): Promise<ContentTypeEntity> {
    return this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .insert()
        .into(ContentTypeEntity)
        .values({ id: randomUUID(), apiId: input.apiId, name: input.name.trim() })
        .orIgnore()
        .returning('*')
        .execute();
      if (!result.raw.length) throw conflict(`A content type with apiId ${input.apiId} already exists`, { apiId: input.apiId });
      const created = this.repository.create(result.generatedMaps[0] as ContentTypeEntity);
      await this.audit.record(manager, actor, 'createContentType', created.id, { apiId: created.apiId });
      return created;
    });
  }

  async getByApiId(apiId: string): Promise<ContentTypeEntity> {
    const found = await this.repository.findOneBy({ apiId });
    if (!found) throw notFound('ContentType', apiId);
    return found;
  }

  list(first: number, after?: string | null): Promise<Page<ContentTypeEntity>> {
    return paginateByCreation(this.repository.createQueryBuilder('t'), first, after);
  }
}
