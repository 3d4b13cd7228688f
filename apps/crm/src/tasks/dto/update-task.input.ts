import { InputType } from '@nestjs/graphql';
import { EnumField } from '@platform/graphql';
import { TaskStatus } from '../task.model';
import { CalendarTimeField, NotesField, SubjectField, UserIdField } from '../../shared/input-fields';

/** Absent fields stay as they are; description, assigneeId and dueAt are cleared by null. */
@InputType()
export class UpdateTaskInput {
  @SubjectField({ optional: 'not-null' })
  title?: string;

  @NotesField({ optional: true })
  description?: string | null;

  @UserIdField({ optional: true })
  assigneeId?: string | null;

  @CalendarTimeField({ optional: true })
  dueAt?: Date | null;

  @EnumField(TaskStatus, { optional: 'not-null', message: 'status must be a TaskStatus', description: 'DONE sets completedAt; leaving DONE clears it.' })
  status?: TaskStatus;
}
