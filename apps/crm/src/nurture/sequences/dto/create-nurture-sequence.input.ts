import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsEnum, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsRecordId, trim } from '@platform/graphql';
import { NurtureStepKind, NurtureTriggerKind } from '../nurture-sequence.model';

@InputType()
export class NurtureTriggerInput {
  @Field(() => NurtureTriggerKind)
  @IsEnum(NurtureTriggerKind)
  kind: NurtureTriggerKind;

  @Field(() => String, { nullable: true, description: 'The content id (CONTENT_DOWNLOAD) or form id (FORM_SUBMISSION); omitted for MANUAL.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ref?: string | null;
}

@InputType({ description: 'One step; give the fields of its kind only: SEND_EMAIL templateId; WAIT days; CREATE_TASK title, dueInDays, assigneeId.' })
export class NurtureStepInput {
  @Field(() => NurtureStepKind)
  @IsEnum(NurtureStepKind)
  kind: NurtureStepKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'templateId must be the id of an email template' })
  templateId?: string | null;

  @Field(() => Int, { nullable: true, description: '0 to 365.' })
  @IsOptional()
  @IsInt()
  days?: number | null;

  @Field(() => String, { nullable: true, description: '1 to 300 characters.' })
  @IsOptional()
  @IsString()
  title?: string | null;

  @Field(() => Int, { nullable: true, description: '0 to 365; default 0 (due the day it is created).' })
  @IsOptional()
  @IsInt()
  dueInDays?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  assigneeId?: string | null;
}

@InputType()
export class CreateNurtureSequenceInput {
  @Field({ description: 'Unique name (case-insensitive), 1 to 200 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @Field(() => NurtureTriggerInput)
  @ValidateNested()
  @Type(() => NurtureTriggerInput)
  trigger: NurtureTriggerInput;

  @Field(() => [NurtureStepInput], { description: '1 to 50 steps, run in this order.' })
  @ArrayMinSize(1, { message: 'a sequence has 1 to 50 steps' })
  @ArrayMaxSize(50, { message: 'a sequence has 1 to 50 steps' })
  @ValidateNested({ each: true })
  @Type(() => NurtureStepInput)
  steps: NurtureStepInput[];
}

/** An empty id counts as not given; a malformed one names nobody (NOT_FOUND). */
@InputType({ description: 'Who to enrol: exactly one of contactId and leadId.' })
export class EnrolmentTargetInput {
  @Field(() => ID, { nullable: true })
  @ValidateIf((_, id) => !!id)
  @IsRecordId('Contact')
  contactId?: string | null;

  @Field(() => ID, { nullable: true })
  @ValidateIf((_, id) => !!id)
  @IsRecordId('Lead')
  leadId?: string | null;
}
