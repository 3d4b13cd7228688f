import { InputType } from '@nestjs/graphql';
import { ArrayMaxSize } from 'class-validator';
import { DealLineItemInput } from './deal-line-item.input';
import { DateField, MoneyInput, NestedField, UuidField } from '@platform/graphql';
import { NameField, UserIdField } from '../../shared/input-fields';

@InputType()
export class CreateDealInput {
  @NameField({ description: '1 to 200 characters.' })
  name: string;

  @UuidField()
  customerId: string;

  @UuidField({ optional: true })
  contactId?: string | null;

  @UuidField({ optional: true, description: 'Defaults to the default pipeline.' })
  pipelineId?: string | null;

  @UuidField({ optional: true, description: "Defaults to the pipeline's first stage." })
  stageId?: string | null;

  @UserIdField({ optional: true, emptyMessage: '$property should not be empty', description: 'Defaults to the caller.' })
  ownerId?: string | null;

  @NestedField(MoneyInput, { optional: true, description: 'Required without line items; with them it must equal their sum.' })
  amount?: MoneyInput | null;

  @DateField({ optional: true, description: 'YYYY-MM-DD.' })
  expectedCloseDate?: string | null;

  @NestedField(DealLineItemInput, { list: true, optional: true, description: 'Up to 200 lines, all in one currency.' }, ArrayMaxSize(200))
  lineItems?: DealLineItemInput[] | null;
}
