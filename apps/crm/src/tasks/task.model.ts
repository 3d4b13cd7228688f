import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

export enum TaskStatus {
  OPEN = 'open',
  IN_PROGRESS = 'in_progress',
  DONE = 'done',
  CANCELLED = 'cancelled',
}

export enum TaskSortField {
  DUE_AT = 'due_at',
  CREATED_AT = 'created_at',
}

export enum TaskSortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(TaskStatus, { name: 'TaskStatus' });
registerEnumType(TaskSortField, { name: 'TaskSortField', description: 'DUE_AT puts tasks without a due date last ascending, first descending.' });
registerEnumType(TaskSortDirection, { name: 'TaskSortDirection' });

@ObjectType({ description: 'A to-do for a person, optionally about a customer, contact, deal or lead.' })
export class Task {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: 'The user (token subject) who is to do it.' })
  assigneeId: string | null;

  @Field(() => Date, { nullable: true })
  dueAt: Date | null;

  @Field(() => TaskStatus)
  status: TaskStatus;

  @Field(() => ID, { nullable: true })
  customerId: string | null;

  @Field(() => ID, { nullable: true })
  contactId: string | null;

  @Field(() => ID, { nullable: true })
  dealId: string | null;

  @Field(() => ID, { nullable: true })
  leadId: string | null;

  @Field(() => Date, { nullable: true, description: 'When it was marked DONE; cleared when reopened.' })
  completedAt: Date | null;

  @Field({ description: 'OPEN or IN_PROGRESS and due before now (database time).' })
  overdue: boolean;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class TaskConnection extends Connection(Task) {}
