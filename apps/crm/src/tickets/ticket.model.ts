import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

export enum TicketPriority {
  LOW = 'low',
  NORMAL = 'normal',
  HIGH = 'high',
  URGENT = 'urgent',
}

export enum TicketStatus {
  OPEN = 'open',
  PENDING = 'pending',
  RESOLVED = 'resolved',
  CLOSED = 'closed',
}

export enum TicketSortField {
  CREATED_AT = 'created_at',
  PRIORITY = 'priority',
}

export enum TicketSortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(TicketPriority, { name: 'TicketPriority' });
registerEnumType(TicketStatus, {
  name: 'TicketStatus',
  description: 'OPEN <-> PENDING, OPEN|PENDING -> RESOLVED, RESOLVED -> OPEN (reopen) or CLOSED; CLOSED is final.',
});
registerEnumType(TicketSortField, { name: 'TicketSortField', description: 'PRIORITY ranks LOW < NORMAL < HIGH < URGENT.' });
registerEnumType(TicketSortDirection, { name: 'TicketSortDirection' });

@ObjectType({ description: 'A support request, with how long first response and resolution took.' })
export class Ticket {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Sequential ticket number, e.g. for "#42".' })
  number: number;

  @Field()
  subject: string;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => ID, { nullable: true, description: 'Filled from the contact when the ticket was opened for one.' })
  customerId: string | null;

  @Field(() => ID, { nullable: true })
  contactId: string | null;

  @Field(() => TicketPriority)
  priority: TicketPriority;

  @Field(() => TicketStatus)
  status: TicketStatus;

  @Field(() => String, { nullable: true })
  assigneeId: string | null;

  @Field(() => Date, { nullable: true })
  firstResponseAt: Date | null;

  @Field(() => Date, { nullable: true })
  resolvedAt: Date | null;

  @Field(() => Date, { nullable: true })
  closedAt: Date | null;

  @Field(() => Int, { nullable: true, description: 'Seconds from opening to the first response.' })
  firstResponseSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'Seconds from opening to resolution (while resolved or closed).' })
  resolutionSeconds: number | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class TicketConnection extends Connection(Ticket) {}

@ObjectType({ description: 'Support performance over the tickets resolved in a period.' })
export class SupportReport {
  @Field(() => Date, { nullable: true, description: 'Start (inclusive) of the period; open when null.' })
  from: Date | null;

  @Field(() => Date, { nullable: true, description: 'End (exclusive) of the period; open when null.' })
  to: Date | null;

  @Field(() => Int)
  resolvedCount: number;

  @Field(() => Float, { nullable: true, description: 'Mean seconds from opening to resolution; null when none were resolved.' })
  averageResolutionSeconds: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean seconds from opening to first response; null when none.' })
  averageFirstResponseSeconds: number | null;
}
