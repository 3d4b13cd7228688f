import { Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsDate, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { TaskSortDirection, TaskSortField, TaskStatus } from '../task.model';
import { WithinCalendar } from '../../activities/calendar-range';

@InputType()
export class TaskFilterInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
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

  @Field(() => Date, { nullable: true, description: 'Due strictly before this time.' })
  @IsOptional()
  @IsDate()
  @WithinCalendar('dueBefore')
  dueBefore?: Date | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a UUID' })
  customerId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'contactId must be a UUID' })
  contactId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'dealId must be a UUID' })
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
