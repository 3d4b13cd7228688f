import { Field, InputType, IntersectionType, PickType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { TaskSortDirection, TaskSortField, TaskStatus } from '../task.model';
import { CalendarTimeField, FilterTextField } from '../../shared/input-fields';
import { RecordLinksInput } from '../../shared/record-links.input';

/** Filters on the task itself; those on the records it is about follow. */
@InputType({ isAbstract: true })
class TaskFilterFields {
  @FilterTextField({ isString: true })
  assigneeId?: string | null;

  @Field(() => [TaskStatus], { nullable: true, description: 'Any of these statuses.' })
  @IsOptional()
  @IsArray()
  @IsEnum(TaskStatus, { each: true })
  status?: TaskStatus[] | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only overdue tasks; false: only tasks that are not overdue.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean | null;

  @CalendarTimeField({ optional: true, description: 'Due strictly before this time.' })
  dueBefore?: Date | null;
}

@InputType()
export class TaskFilterInput extends IntersectionType(TaskFilterFields, PickType(RecordLinksInput, ['customerId', 'contactId', 'dealId'] as const)) {}

@InputType()
export class TaskSortInput {
  @Field(() => TaskSortField, { defaultValue: TaskSortField.DUE_AT })
  @IsEnum(TaskSortField)
  field: TaskSortField = TaskSortField.DUE_AT;

  @Field(() => TaskSortDirection, { defaultValue: TaskSortDirection.ASC })
  @IsEnum(TaskSortDirection)
  direction: TaskSortDirection = TaskSortDirection.ASC;
}
