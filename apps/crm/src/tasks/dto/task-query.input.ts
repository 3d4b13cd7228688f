import { Field, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsOptional } from 'class-validator';
import { UuidField } from '@platform/graphql';
import { TaskSortDirection, TaskSortField, TaskStatus } from '../task.model';
import { CalendarTimeField, FilterTextField } from '../../shared/input-fields';

@InputType()
export class TaskFilterInput {
  @FilterTextField()
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

  @UuidField({ optional: true })
  customerId?: string | null;

  @UuidField({ optional: true })
  contactId?: string | null;

  @UuidField({ optional: true })
  dealId?: string | null;
}

@InputType()
export class TaskSortInput {
  @Field(() => TaskSortField, { defaultValue: TaskSortField.DUE_AT })
  @IsEnum(TaskSortField)
  field: TaskSortField = TaskSortField.DUE_AT;

  @Field(() => TaskSortDirection, { defaultValue: TaskSortDirection.ASC })
  @IsEnum(TaskSortDirection)
  direction: TaskSortDirection = TaskSortDirection.ASC;
}
