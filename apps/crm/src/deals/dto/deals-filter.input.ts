import { Field, InputType, registerEnumType } from '@nestjs/graphql';
import { IsEnum } from 'class-validator';
import { DateField, EnumField, UuidField } from '@platform/graphql';
import { DealStatus } from '../deal.model';
import { FilterTextField } from '../../shared/input-fields';

@InputType()
export class DealsFilter {
  @UuidField({ optional: true })
  customerId?: string;

  @UuidField({ optional: true })
  pipelineId?: string;

  @UuidField({ optional: true })
  stageId?: string;

  @EnumField(DealStatus, { optional: true })
  status?: DealStatus;

  @FilterTextField()
  ownerId?: string;

  @DateField({ optional: true, description: 'Expected close on or after this date (YYYY-MM-DD).' })
  expectedCloseFrom?: string;

  @DateField({ optional: true, description: 'Expected close on or before this date (YYYY-MM-DD).' })
  expectedCloseTo?: string;
}

export enum DealSortField {
  CREATED_AT = 'CREATED_AT',
  AMOUNT = 'AMOUNT',
  EXPECTED_CLOSE_DATE = 'EXPECTED_CLOSE_DATE',
}
registerEnumType(DealSortField, {
  name: 'DealSortField',
  description: 'AMOUNT compares minor units; EXPECTED_CLOSE_DATE puts deals without one last (ascending).',
});

export enum DealSortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(DealSortDirection, { name: 'DealSortDirection' });

@InputType()
export class DealSort {
  @Field(() => DealSortField, { defaultValue: DealSortField.CREATED_AT })
  @IsEnum(DealSortField)
  field: DealSortField = DealSortField.CREATED_AT;

  @Field(() => DealSortDirection, { defaultValue: DealSortDirection.ASC })
  @IsEnum(DealSortDirection)
  direction: DealSortDirection = DealSortDirection.ASC;
}
