import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';

/** What happened; database values are the lower-case names. */
export enum ActivityKind {
  CALL = 'call',
  EMAIL = 'email',
  MEETING = 'meeting',
  NOTE = 'note',
  INVOICE_POSTED = 'invoice_posted',
  INVOICE_PAID = 'invoice_paid',
  ORDER_SHIPPED = 'order_shipped',
  CONTENT_DOWNLOADED = 'content_downloaded',
  FORM_SUBMITTED = 'form_submitted',
  EMAIL_SENT = 'email_sent',
}

/** The kinds a user logs by hand; the others are written by the system from events. */
export enum LoggableActivityKind {
  CALL = 'call',
  EMAIL = 'email',
  MEETING = 'meeting',
  NOTE = 'note',
}

registerEnumType(ActivityKind, { name: 'ActivityKind', description: 'What a timeline entry records.' });
registerEnumType(LoggableActivityKind, { name: 'LoggableActivityKind', description: 'Timeline entries a user logs by hand.' });

@ObjectType({ description: 'One entry of a timeline: something a user logged, or something another service reported.' })
export class Activity {
  @Field(() => ID)
  id: string;

  @Field(() => ActivityKind)
  kind: ActivityKind;

  @Field()
  subject: string;

  @Field(() => String, { nullable: true })
  body: string | null;

  @Field(() => ID, { nullable: true, description: 'Filled from the contact or deal when the entry was logged on one.' })
  customerId: string | null;

  @Field(() => ID, { nullable: true })
  contactId: string | null;

  @Field(() => ID, { nullable: true })
  dealId: string | null;

  @Field(() => ID, { nullable: true })
  leadId: string | null;

  @Field({ description: 'Who logged it: a user id, or the reporting service (finance, inventory).' })
  actor: string;

  @Field()
  occurredAt: Date;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class ActivityConnection extends Connection(Activity) {}
