import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsDate, IsEnum, IsNotEmpty, IsOptional, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '@platform/graphql';
import { TaskStatus } from '../task.model';
import { WithinCalendar } from '../../activities/calendar-range';

/** Absent fields stay as they are; description, assigneeId and dueAt are cleared by null. */
@InputType()
export class UpdateTaskInput {
  @Field(() => String, { nullable: true })
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trim)
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(300)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20000)
  description?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Transform(trim)
  @IsNotEmpty({ message: 'assigneeId must not be empty' })
  @MaxLength(200)
  assigneeId?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  @WithinCalendar('dueAt')
  dueAt?: Date | null;

  @Field(() => TaskStatus, { nullable: true, description: 'DONE sets completedAt; leaving DONE clears it.' })
  @ValidateIf((_, value) => value !== undefined)
  @IsEnum(TaskStatus, { message: 'status must be a TaskStatus' })
  status?: TaskStatus;
}
