import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { badUserInput, conflict, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { savedDataOfTypeIn } from '../entries/saved-entry-data';
import { type FieldDefinition, FieldKind } from '../shared/fields';
import { affectedEntries, definitionRefusal, incompatibleChange } from './content-type-rules';
import { type ContentTypeRow, ContentTypesRepository } from './content-types.repository';
import type { CreateContentTypeInput } from './dto/create-content-type.input';
import type { FieldDefinitionInput } from './dto/field-definition.input';
import type { UpdateContentTypeInput } from './dto/update-content-type.input';

const toDefinition = (f: FieldDefinitionInput): FieldDefinition => ({
  apiId: f.apiId,
  name: f.name,
  kind: f.kind,
  required: f.required ?? false,
  unique: f.unique ?? false,
  minLength: f.minLength ?? null,
  maxLength: f.maxLength ?? null,
  min: f.min ?? null,
  max: f.max ?? null,
  values: f.values ?? null,
  referenceType: f.referenceType ?? null,
  itemKind: f.itemKind ?? null,
  defaultValue: f.defaultValue ?? null,
});

/** Content types: their fields as data, and changes that keep saved entries valid. */
@Injectable()
export class ContentTypesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ContentTypesRepository,
    private readonly audit: AuditLog,
  ) {}

  /** The content type and its audit entry commit together. */
  async create(input: CreateContentTypeInput, actor?: Identity): Promise<ContentTypeRow> {
    const fields = (input.fields ?? []).map(toDefinition);
    const refused = definitionRefusal(fields);
    if (refused) throw refused;
    return this.dataSource.transaction(async (manager) => {
      await this.checkReferenceTypes(manager, fields, input.apiId);
      const created = await this.repository.insertIn(manager, {
        id: randomUUID(),
        apiId: input.apiId,
        name: input.name,
        fields,
        reviewRequired: input.reviewRequired ?? false,
      });
      if (!created) throw conflict(`A content type with apiId ${input.apiId} already exists`, { apiId: input.apiId });
      await this.audit.record(manager, actor, 'createContentType', created.id, { apiId: created.apiId });
      return created;
    });
  }

  /**
   * Applies a change only if every saved entry (draft and live version) still
   * validates under it; otherwise INCOMPATIBLE_TYPE_CHANGE names them and
   * nothing changes. The type's row lock holds off entry saves meanwhile.
   */
  async update(input: UpdateContentTypeInput, actor?: Identity): Promise<ContentTypeRow> {
    const fields = input.fields?.map(toDefinition);
    if (fields) {
      const refused = definitionRefusal(fields);
      if (refused) throw refused;
    }
    return this.dataSource.transaction(async (manager) => {
      const type = await this.repository.lockByApiIdIn(manager, input.apiId);
      if (!type) throw notFound('ContentType', input.apiId);
      if (fields) {
        await this.checkReferenceTypes(manager, fields, type.apiId);
        const refusal = incompatibleChange(type.apiId, affectedEntries(fields, await savedDataOfTypeIn(manager, type.id), type.fields));
        if (refusal) throw refusal;
      }
      const updated = await this.repository.updateIn(manager, type.id, {
        name: input.name ?? type.name,
        fields: fields ?? type.fields,
        reviewRequired: input.reviewRequired ?? type.reviewRequired,
      });
      await this.audit.record(manager, actor, 'updateContentType', type.id, { apiId: type.apiId, fields: fields?.map((f) => f.apiId) ?? null });
      return updated;
    });
  }

  async getByApiId(apiId: string): Promise<ContentTypeRow> {
    const found = await this.repository.findByApiId(apiId);
    if (!found) throw notFound('ContentType', apiId);
    return found;
  }

  /** The type in the caller's transaction, share-locked so its fields stay as read until commit. */
  async lockForEntryIn(manager: EntityManager, apiId: string): Promise<ContentTypeRow> {
    const found = await this.repository.shareLockByApiIdIn(manager, apiId);
    if (!found) throw notFound('ContentType', apiId);
    return found;
  }

  findByIds(ids: readonly string[]): Promise<ContentTypeRow[]> {
    return this.repository.findByIds(ids);
  }

  list(first: number, after?: string | null): Promise<Page<ContentTypeRow>> {
    return this.repository.list(first, after);
  }

  private async checkReferenceTypes(manager: EntityManager, fields: readonly FieldDefinition[], self: string): Promise<void> {
    const named = fields
      .filter((f) => (f.kind === FieldKind.LIST ? f.itemKind : f.kind) === FieldKind.REFERENCE && f.referenceType !== self)
      .map((f) => f.referenceType!);
    const missing = await this.repository.missingApiIdsIn(manager, named);
    if (!missing.length) return;
    const fieldsNaming = fields.filter((f) => f.referenceType && missing.includes(f.referenceType));
    throw badUserInput(
      `No content type ${missing.join(', ')}: a REFERENCE names an existing content type (or the type itself)`,
      Object.fromEntries(fieldsNaming.map((f) => [`fields.${f.apiId}`, [`referenceType ${f.referenceType} does not exist`]])),
    );
  }
}
