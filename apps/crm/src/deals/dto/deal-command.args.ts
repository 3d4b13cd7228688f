import { ArgsType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray } from 'class-validator';
import { NestedField, RecordIdField, TextField } from '@platform/graphql';
import { DealLineItemInput } from './deal-line-item.input';

@ArgsType()
export class SetDealLineItemsArgs {
  @RecordIdField('Deal')
  dealId: string;

  @NestedField(DealLineItemInput, { list: true, description: 'The new lines (replacing all), up to 200, in one currency.' }, IsArray(), ArrayMaxSize(200))
  lineItems: DealLineItemInput[];
}

@ArgsType()
export class MoveDealStageArgs {
  @RecordIdField('Deal')
  dealId: string;

  @RecordIdField('Stage')
  stageId: string;
}

@ArgsType()
export class CloseDealArgs {
  @RecordIdField('Deal')
  dealId: string;

  @TextField(500, { description: 'Why, 1 to 500 characters.' })
  reason: string;
}
