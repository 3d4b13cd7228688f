import { InputType } from '@nestjs/graphql';
import { UuidField } from '@platform/graphql';

@InputType({ description: 'Whose timeline: exactly one of the ids.' })
export class TimelineSubjectInput {
  @UuidField({ optional: true })
  customerId?: string | null;

  @UuidField({ optional: true })
  contactId?: string | null;

  @UuidField({ optional: true })
  dealId?: string | null;

  @UuidField({ optional: true })
  leadId?: string | null;
}
