import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import type { SortOrder } from '@platform/graphql';

export enum RecordSortField {
  CREATED_AT = 'CREATED_AT',
  UPDATED_AT = 'UPDATED_AT',
  NAME = 'NAME',
}
registerEnumType(RecordSortField, { name: 'RecordSortField', description: 'Order of a list of customers, contacts or leads; ties are broken by id.' });

export enum RecordSortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(RecordSortDirection, { name: 'RecordSortDirection' });

@InputType()
export class RecordSort {
  @Field(() => RecordSortField, { defaultValue: RecordSortField.CREATED_AT })
  @IsEnum(RecordSortField)
  field: RecordSortField = RecordSortField.CREATED_AT;

  @Field(() => RecordSortDirection, { defaultValue: RecordSortDirection.ASC })
  @IsEnum(RecordSortDirection)
  direction: RecordSortDirection = RecordSortDirection.ASC;
}

/**
 * The keyset order for a sort input. `nameExpression` must be the indexed
 * expression of the table (e.g. `lower(c.name)`), so each order has an index.
 */
export function sortOrderFor(entity: string, alias: string, nameExpression: string, sort?: RecordSort | null): SortOrder {
  const field = sort?.field ?? RecordSortField.CREATED_AT;
  const direction = sort?.direction ?? RecordSortDirection.ASC;
  const tag = `${entity}:${field}:${direction}`;
  switch (field) {
    case RecordSortField.UPDATED_AT:
      return { tag, expression: `${alias}.updated_at`, type: 'timestamptz', direction };
    case RecordSortField.NAME:
      return { tag, expression: nameExpression, type: 'text', direction };
    default:
      return { tag, expression: `${alias}.created_at`, type: 'timestamptz', direction };
  }
}
