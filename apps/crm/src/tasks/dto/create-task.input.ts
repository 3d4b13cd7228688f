import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsDate, IsNotEmpty, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';
import { WithinCalendar } from '../../activities/calendar-range';

@InputType()
export class CreateTaskInput {
  @Field({ description: '1 to 300 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(300)
  title: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  description?: string | null;

  @Field(() => String, { nullable: true, description: 'Defaults to the caller.' })
  @IsOptional()
  @Transform(trim)
  @IsNotEmpty({ message: 'assigneeId must not be empty' })
  @MaxLength(200)
  assigneeId?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  @WithinCalendar('dueAt')
  dueAt?: Date | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'dealId must be a UUID' })
  dealId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'leadId must be a UUID' })
  leadId?: string | null;
}
