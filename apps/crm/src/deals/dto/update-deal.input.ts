import { InputType } from '@nestjs/graphql';
import { DateField, MoneyInput, NestedField, UuidField } from '@platform/graphql';
import { NameField, UserIdField } from '../../shared/input-fields';

/** Fields left out stay as they are; contactId and expectedCloseDate can be cleared with null. */
@InputType()
export class UpdateDealInput {
  @NameField({ optional: true })
  name?: string;

  @NestedField(MoneyInput, { optional: true, description: 'With line items on the deal it must equal their sum.' })
  amount?: MoneyInput;

  @DateField({ optional: true, description: 'YYYY-MM-DD; null clears it.' })
  expectedCloseDate?: string | null;

  @UserIdField({ optional: true, emptyMessage: '$property should not be empty' })
  ownerId?: string;

  @UuidField({ optional: true, description: 'null clears it.' })
  contactId?: string | null;
}
