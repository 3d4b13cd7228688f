import { ArgsType, InputType } from '@nestjs/graphql';
import { NestedField, PageArgs, UuidField } from '@platform/graphql';
import { FilterTextField, RecordSortInputField } from '../../shared/input-fields';
import { RecordSort } from '../../shared/list-sort';

@InputType()
export class ContactFilter {
  @FilterTextField({ description: 'Words matched as prefixes against name, email and title; all must match.' })
  search?: string | null;

  @UuidField({ optional: true, mustBe: 'a customer id' })
  customerId?: string | null;

  @FilterTextField()
  ownerId?: string | null;
}

@ArgsType()
export class ContactsArgs extends PageArgs {
  @NestedField(ContactFilter, { optional: true })
  filter?: ContactFilter | null;

  @RecordSortInputField()
  sort?: RecordSort | null;
}
