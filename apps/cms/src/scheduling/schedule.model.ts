import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ScheduledAction {
  PUBLISH = 'PUBLISH',
  UNPUBLISH = 'UNPUBLISH',
}
registerEnumType(ScheduledAction, { name: 'ScheduledAction' });

@ObjectType({ description: 'A publish or unpublish set for a time; it runs once, on whichever replica claims it first, even across restarts.' })
export class EntrySchedule {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  entryId: string;

  @Field(() => ScheduledAction)
  action: ScheduledAction;

  @Field()
  runAt: Date;

  @Field(() => String, { nullable: true })
  createdBy: string | null;

  @Field(() => Date, { nullable: true, description: 'When it ran; null while pending.' })
  doneAt: Date | null;

  @Field(() => String, { nullable: true, description: 'PUBLISHED, UNPUBLISHED, or why nothing was done (the refusal the command gave).' })
  outcome: string | null;

  @Field(() => Date, { nullable: true })
  cancelledAt: Date | null;
}
