import { InputType } from '@nestjs/graphql';
import { EnumField, UuidField } from '@platform/graphql';
import { CalendarTimeField, NotesField, SubjectField } from '../../shared/input-fields';
import { LoggableActivityKind } from '../activity.model';

@InputType()
export class LogActivityInput {
  @EnumField(LoggableActivityKind)
  kind: LoggableActivityKind;

  @SubjectField({ description: '1 to 300 characters.' })
  subject: string;

  @NotesField({ optional: true, description: 'Up to 20000 characters.' })
  body?: string | null;

  @CalendarTimeField({ optional: true, description: 'When it happened; defaults to now, at most a day ahead.' })
  occurredAt?: Date | null;

  @UuidField({ optional: true })
  customerId?: string | null;

  @UuidField({ optional: true })
  contactId?: string | null;

  @UuidField({ optional: true })
  dealId?: string | null;

  @UuidField({ optional: true })
  leadId?: string | null;
}
