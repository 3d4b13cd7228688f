import { InputType } from '@nestjs/graphql';
import { EnumField } from '@platform/graphql';
import { TicketPriority } from '../ticket.model';
import { UserIdField } from '../../shared/input-fields';

/** Absent fields stay as they are; assigneeId null unassigns. */
@InputType()
export class UpdateTicketInput {
  @EnumField(TicketPriority, { optional: 'not-null', message: 'priority must be a TicketPriority' })
  priority?: TicketPriority;

  @UserIdField({ optional: true })
  assigneeId?: string | null;
}
