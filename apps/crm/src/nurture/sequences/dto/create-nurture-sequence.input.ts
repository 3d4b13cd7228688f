import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, IsString, ValidateIf } from 'class-validator';
import { EnumField, IsRecordId, NestedField, TextUpToField, UuidField } from '@platform/graphql';
import { NameField } from '../../../shared/input-fields';
import { NurtureStepKind, NurtureTriggerKind } from '../nurture-sequence.model';

@InputType()
export class NurtureTriggerInput {
  @EnumField(NurtureTriggerKind)
  kind: NurtureTriggerKind;

  @TextUpToField(200, {
    trim: true,
    isString: true,
    optional: true,
    description: 'The content id (CONTENT_DOWNLOAD) or form id (FORM_SUBMISSION); omitted for MANUAL.',
  })
  ref?: string | null;
}

@InputType({ description: 'One step; give the fields of its kind only: SEND_EMAIL templateId; WAIT days; CREATE_TASK title, dueInDays, assigneeId.' })
export class NurtureStepInput {
  @EnumField(NurtureStepKind)
  kind: NurtureStepKind;

  @UuidField({ optional: true, mustBe: 'the id of an email template' })
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
  @NameField({ description: 'Unique name (case-insensitive), 1 to 200 characters.' })
  name: string;

  @NestedField(NurtureTriggerInput)
  trigger: NurtureTriggerInput;

  @NestedField(
    NurtureStepInput,
    { list: true, description: '1 to 50 steps, run in this order.' },
    ArrayMinSize(1, { message: 'a sequence has 1 to 50 steps' }),
    ArrayMaxSize(50, { message: 'a sequence has 1 to 50 steps' }),
  )
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
