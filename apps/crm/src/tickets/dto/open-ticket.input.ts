import { InputType } from '@nestjs/graphql';
import { EnumField, UuidField } from '@platform/graphql';
import { TicketPriority } from '../ticket.model';
import { NotesField, SubjectField, UserIdField } from '../../shared/input-fields';

@InputType()
export class OpenTicketInput {
  @SubjectField({ description: '1 to 300 characters.' })
  subject: string;

  @NotesField({ optional: true })
  description?: string | null;

  @UuidField({ optional: true })
  customerId?: string | null;

  @UuidField({ optional: true, description: "The customer is filled from the contact's." })
  contactId?: string | null;

  @EnumField(TicketPriority, { optional: true, description: 'NORMAL when absent.' })
  priority?: TicketPriority | null;

  @UserIdField({ optional: true })
  assigneeId?: string | null;
}
