import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { IsDateString, IsEnum, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { DealStatus } from '../deal.model';
import { DATE } from './create-deal.input';

@InputType()
export class DealsFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'pipelineId must be a UUID' })
  pipelineId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'stageId must be a UUID' })
  stageId?: string;

  @Field(() => DealStatus, { nullable: true })
  @IsOptional()
  @IsEnum(DealStatus)
  status?: DealStatus;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  ownerId?: string;

  @Field(() => String, { nullable: true, description: 'Expected close on or after this date (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(DATE, { message: 'expectedCloseFrom must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'expectedCloseFrom must be a date YYYY-MM-DD' })
  expectedCloseFrom?: string;

  @Field(() => String, { nullable: true, description: 'Expected close on or before this date (YYYY-MM-DD).' })
  @IsOptional()
  @Matches(DATE, { message: 'expectedCloseTo must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'expectedCloseTo must be a date YYYY-MM-DD' })
  expectedCloseTo?: string;
}

export enum DealSortField {
  CREATED_AT = 'CREATED_AT',
  AMOUNT = 'AMOUNT',
  EXPECTED_CLOSE_DATE = 'EXPECTED_CLOSE_DATE',
}
registerEnumType(DealSortField, { name: 'DealSortField', description: 'AMOUNT compares minor units; EXPECTED_CLOSE_DATE puts deals without one last (ascending).' });

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
