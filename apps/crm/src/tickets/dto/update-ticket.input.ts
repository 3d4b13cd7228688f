import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '@platform/graphql';
import { TicketPriority } from '../ticket.model';

/** Absent fields stay as they are; assigneeId null unassigns. */
@InputType()
export class UpdateTicketInput {
  @Field(() => TicketPriority, { nullable: true })
  @ValidateIf((_, value) => value !== undefined)
  @IsEnum(TicketPriority, { message: 'priority must be a TicketPriority' })
  priority?: TicketPriority;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsNotEmpty({ message: 'assigneeId must not be empty' })
  @MaxLength(200)
  assigneeId?: string | null;
}
