import { ArgsType, InputType } from '@nestjs/graphql';
import { EnumField, NestedField, PageArgs } from '@platform/graphql';
import { FilterTextField, RecordSortInputField } from '../../shared/input-fields';
import { RecordSort } from '../../shared/list-sort';
import { LeadSource, LeadStatus } from '../lead.model';

@InputType()
export class LeadFilter {
  @EnumField(LeadStatus, { optional: true })
  status?: LeadStatus | null;

  @EnumField(LeadSource, { optional: true })
  source?: LeadSource | null;

  @FilterTextField({ description: 'Words matched as prefixes against name, email and company; all must match.' })
  search?: string | null;

  @FilterTextField()
  ownerId?: string | null;
}

@ArgsType()
export class LeadsArgs extends PageArgs {
  @NestedField(LeadFilter, { optional: true })
  filter?: LeadFilter | null;

  @RecordSortInputField()
  sort?: RecordSort | null;
}
