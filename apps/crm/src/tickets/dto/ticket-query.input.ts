import { Field, InputType } from '@nestjs/graphql';
import { IsArray, IsEnum, IsOptional } from 'class-validator';
import { UuidField } from '@platform/graphql';
import { FilterTextField } from '../../shared/input-fields';
import { TicketPriority, TicketSortDirection, TicketSortField, TicketStatus } from '../ticket.model';

@InputType()
export class TicketFilterInput {
  @Field(() => [TicketStatus], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TicketStatus, { each: true })
  status?: TicketStatus[] | null;

  @Field(() => [TicketPriority], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(TicketPriority, { each: true })
  priority?: TicketPriority[] | null;

  @UuidField({ optional: true })
  customerId?: string | null;

  @FilterTextField({ isString: true })
  assigneeId?: string | null;
}

@InputType()
export class TicketSortInput {
  @Field(() => TicketSortField, { defaultValue: TicketSortField.CREATED_AT })
  @IsEnum(TicketSortField)
  field: TicketSortField = TicketSortField.CREATED_AT;

  @Field(() => TicketSortDirection, { defaultValue: TicketSortDirection.DESC })
  @IsEnum(TicketSortDirection)
  direction: TicketSortDirection = TicketSortDirection.DESC;
}
