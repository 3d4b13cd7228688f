import { InputType } from '@nestjs/graphql';
import { UuidField } from '@platform/graphql';
import { CalendarTimeField, NotesField, SubjectField, UserIdField } from '../../shared/input-fields';

@InputType()
export class CreateTaskInput {
  @SubjectField({ description: '1 to 300 characters.' })
  title: string;

  @NotesField({ optional: true })
  description?: string | null;

  @UserIdField({ optional: true, description: 'Defaults to the caller.' })
  assigneeId?: string | null;

  @CalendarTimeField({ optional: true })
  dueAt?: Date | null;

  @UuidField({ optional: true })
  customerId?: string | null;

  @UuidField({ optional: true })
  contactId?: string | null;

  @UuidField({ optional: true })
  dealId?: string | null;

  @UuidField({ optional: true })
  leadId?: string | null;
}
