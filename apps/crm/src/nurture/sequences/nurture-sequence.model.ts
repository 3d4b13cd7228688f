import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

export enum NurtureTriggerKind {
  MANUAL = 'manual',
  CONTENT_DOWNLOAD = 'content_download',
  FORM_SUBMISSION = 'form_submission',
}
registerEnumType(NurtureTriggerKind, {
  name: 'NurtureTriggerKind',
  description: 'What enrols people: only enrolInSequence, a download of gated content, or a form submission.',
});

export enum NurtureStepKind {
  SEND_EMAIL = 'send_email',
  WAIT = 'wait',
  CREATE_TASK = 'create_task',
}
registerEnumType(NurtureStepKind, { name: 'NurtureStepKind' });

export enum NurtureEnrolmentStatus {
  ACTIVE = 'active',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}
registerEnumType(NurtureEnrolmentStatus, { name: 'NurtureEnrolmentStatus' });

@ObjectType()
export class NurtureTrigger {
  @Field(() => NurtureTriggerKind)
  kind: NurtureTriggerKind;

  @Field(() => String, { nullable: true, description: 'The content id (CONTENT_DOWNLOAD) or form id (FORM_SUBMISSION).' })
  ref: string | null;
}

@ObjectType({ description: 'One step of a sequence; the fields of other kinds are null.' })
export class NurtureStep {
  @Field(() => Int, { description: 'From 0, in the order the steps run.' })
  position: number;

  @Field(() => NurtureStepKind)
  kind: NurtureStepKind;

  @Field(() => ID, { nullable: true, description: 'SEND_EMAIL: the template sent.' })
  templateId: string | null;

  @Field(() => Int, { nullable: true, description: 'WAIT: days before the next step.' })
  days: number | null;

  @Field(() => String, { nullable: true, description: 'CREATE_TASK: the task title.' })
  title: string | null;

  @Field(() => Int, { nullable: true, description: 'CREATE_TASK: the task is due this many days after it is created.' })
  dueInDays: number | null;

  @Field(() => String, { nullable: true, description: 'CREATE_TASK: who the task is assigned to.' })
  assigneeId: string | null;
}

@ObjectType()
export class NurtureEnrolmentCounts {
  @Field(() => Int)
  active: number;

  @Field(() => Int)
  completed: number;

  @Field(() => Int)
  cancelled: number;

  @Field(() => Int)
  total: number;
}

@ObjectType({ description: 'An automated series of emails, waits and tasks that people are enrolled in.' })
export class NurtureSequence {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => NurtureTrigger)
  trigger: NurtureTrigger;

  @Field({ description: 'Inactive sequences enrol nobody new; enrolments already running continue.' })
  active: boolean;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class NurtureSequenceConnection extends Connection(NurtureSequence) {}

@ObjectType()
export class NurtureStepRun {
  @Field(() => Int)
  position: number;

  @Field(() => NurtureStepKind)
  kind: NurtureStepKind;

  @Field()
  ranAt: Date;
}

@ObjectType({ description: 'One person (a contact, or a lead) going through a sequence.' })
export class NurtureEnrolment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  sequenceId: string;

  @Field(() => ID, { nullable: true })
  contactId: string | null;

  @Field(() => ID, { nullable: true })
  leadId: string | null;

  /** Resolved with contact.pii:read. */
  email: string;

  @Field(() => NurtureEnrolmentStatus)
  status: NurtureEnrolmentStatus;

  @Field(() => Int, { description: 'Position of the next step to run (equals the step count once completed).' })
  nextPosition: number;

  @Field(() => Date, { nullable: true, description: 'When the next step runs; null once completed or cancelled.' })
  nextRunAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class NurtureEnrolmentConnection extends Connection(NurtureEnrolment) {}
