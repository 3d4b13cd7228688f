import { Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
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

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
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
