import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEnum, IsNotEmpty, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';
import { TicketPriority } from '../ticket.model';

@InputType()
export class OpenTicketInput {
  @Field({ description: '1 to 300 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(300)
  subject: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  description?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: "The customer is filled from the contact's." })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string | null;

  @Field(() => TicketPriority, { nullable: true, description: 'NORMAL when absent.' })
  @IsOptional()
  @IsEnum(TicketPriority)
  priority?: TicketPriority | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsNotEmpty({ message: 'assigneeId must not be empty' })
  @MaxLength(200)
  assigneeId?: string | null;
}
