import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsDate, IsEnum, IsNotEmpty, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';
import { LoggableActivityKind } from '../activity.model';
import { WithinCalendar } from '../calendar-range';

@InputType()
export class LogActivityInput {
  @Field(() => LoggableActivityKind)
  @IsEnum(LoggableActivityKind)
  kind: LoggableActivityKind;

  @Field({ description: '1 to 300 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(300)
  subject: string;

  @Field(() => String, { nullable: true, description: 'Up to 20000 characters.' })
  @IsOptional()
  @MaxLength(20000)
  body?: string | null;

  @Field(() => Date, { nullable: true, description: 'When it happened; defaults to now, at most a day ahead.' })
  @IsOptional()
  @IsDate()
  @WithinCalendar('occurredAt')
  occurredAt?: Date | null;

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
