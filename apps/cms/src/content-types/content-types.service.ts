import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { conflict, notFound, paginateByCreation, type Page } from '@platform/graphql';
import { ContentTypeEntity } from './content-type.entity';
import type { CreateContentTypeInput } from './dto/create-content-type.input';

@Injectable()
export class ContentTypesService {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return this.dataSource.getRepository(ContentTypeEntity);
  }

  async create(input: CreateContentTypeInput): Promise<ContentTypeEntity> {
    const result = await this.repository
      .createQueryBuilder()
      .insert()
      .values({ id: randomUUID(), apiId: input.apiId, name: input.name.trim() })
      .orIgnore()
      .returning('*')
      .execute();
    if (!result.raw.length) throw conflict(`A content type with apiId ${input.apiId} already exists`, { apiId: input.apiId });
    return this.repository.create(result.generatedMaps[0] as ContentTypeEntity);
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
