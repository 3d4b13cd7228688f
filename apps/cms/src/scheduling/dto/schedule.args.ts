import { ArgsType } from '@nestjs/graphql';
import { IsDate } from 'class-validator';
import { EnumField, inputField, RecordIdField } from '@platform/graphql';
import { ScheduledAction } from '../schedule.model';

@ArgsType()
export class ScheduleEntryArgs {
  @RecordIdField('Entry')
  id: string;

  @EnumField(ScheduledAction)
  action: ScheduledAction;

  @inputField(() => Date, { description: 'When to run it (a time already past runs at once).' }, IsDate({ message: '$property must be a date-time' }))
  at: Date;
}
