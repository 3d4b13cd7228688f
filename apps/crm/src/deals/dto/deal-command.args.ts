import { ArgsType, Field, ID } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNotEmpty, MaxLength, ValidateNested } from 'class-validator';
import { IsRecordId, trim } from '@platform/graphql';
import { DealLineItemInput } from './deal-line-item.input';

@ArgsType()
export class SetDealLineItemsArgs {
  @Field(() => ID)
  @IsRecordId('Deal')
  dealId: string;

  @Field(() => [DealLineItemInput], { description: 'The new lines (replacing all), up to 200, in one currency.' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DealLineItemInput)
  lineItems: DealLineItemInput[];
}

@ArgsType()
export class MoveDealStageArgs {
  @Field(() => ID)
  @IsRecordId('Deal')
  dealId: string;

  @Field(() => ID)
  @IsRecordId('Stage')
  stageId: string;
}

@ArgsType()
export class CloseDealArgs {
  @Field(() => ID)
  @IsRecordId('Deal')
  dealId: string;

  @Field({ description: 'Why, 1 to 500 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'reason must not be empty' })
  @MaxLength(500)
  reason: string;
}
