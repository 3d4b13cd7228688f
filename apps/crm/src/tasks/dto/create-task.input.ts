import { InputType, IntersectionType } from '@nestjs/graphql';
import { CalendarTimeField, NotesField, SubjectField, UserIdField } from '../../shared/input-fields';
import { RecordLinksInput } from '../../shared/record-links.input';

/** The task itself; the records it is about follow (RecordLinksInput). */
@InputType({ isAbstract: true })
class TaskFields {
  @SubjectField({ description: '1 to 300 characters.' })
  title: string;

  @NotesField({ optional: true })
  description?: string | null;

  @UserIdField({ optional: true, description: 'Defaults to the caller.' })
  assigneeId?: string | null;

  @CalendarTimeField({ optional: true })
  dueAt?: Date | null;
}

@InputType()
export class CreateTaskInput extends IntersectionType(TaskFields, RecordLinksInput) {}
