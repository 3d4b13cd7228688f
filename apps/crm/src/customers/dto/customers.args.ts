import { ArgsType, InputType } from '@nestjs/graphql';
import { EnumField, NestedField, PageArgs } from '@platform/graphql';
import { CustomerKind } from '../customer.model';
import { FilterTextField, RecordSortInputField } from '../../shared/input-fields';
import { RecordSort } from '../../shared/list-sort';

@InputType()
export class CustomerFilter {
  @FilterTextField({ description: 'Words matched as prefixes against name, email and domain; all must match.' })
  search?: string | null;

  @EnumField(CustomerKind, { optional: true })
  kind?: CustomerKind | null;

  @FilterTextField()
  ownerId?: string | null;
}

@ArgsType()
export class CustomersArgs extends PageArgs {
  @NestedField(CustomerFilter, { optional: true })
  filter?: CustomerFilter | null;

  @RecordSortInputField()
  sort?: RecordSort | null;
}
