import { InputType } from '@nestjs/graphql';
import { UuidField } from '@platform/graphql';

/**
 * The records an activity or a task is about, and whose timeline is asked
 * for: a customer, contact, deal or lead, each id a uuid. Abstract: inputs
 * take these fields (after their own) through IntersectionType or PickType.
 */
@InputType({ isAbstract: true })
export class RecordLinksInput {
  @UuidField({ optional: true })
  customerId?: string | null;

  @UuidField({ optional: true })
  contactId?: string | null;

  @UuidField({ optional: true })
  dealId?: string | null;

  @UuidField({ optional: true })
  leadId?: string | null;
}
