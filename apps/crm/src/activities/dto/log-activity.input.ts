import { InputType, IntersectionType } from '@nestjs/graphql';
import { EnumField } from '@platform/graphql';
import { CalendarTimeField, NotesField, SubjectField } from '../../shared/input-fields';
import { RecordLinksInput } from '../../shared/record-links.input';
import { LoggableActivityKind } from '../activity.model';

/** What was done; the records it was about follow (RecordLinksInput). */
@InputType({ isAbstract: true })
class ActivityFields {
  @EnumField(LoggableActivityKind)
  kind: LoggableActivityKind;

  @SubjectField({ description: '1 to 300 characters.' })
  subject: string;

  @NotesField({ optional: true, description: 'Up to 20000 characters.' })
  body?: string | null;

  @CalendarTimeField({ optional: true, description: 'When it happened; defaults to now, at most a day ahead.' })
  occurredAt?: Date | null;
}

@InputType()
export class LogActivityInput extends IntersectionType(ActivityFields, RecordLinksInput) {}
