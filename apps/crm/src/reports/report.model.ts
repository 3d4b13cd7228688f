import { ArgsType, Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { IsDateString, IsOptional, IsUUID, Matches } from 'class-validator';
import { Money } from '@platform/graphql';
import { PipelineStage } from '../pipelines/pipeline.model';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

@ObjectType({ description: 'Open deals expected to close in one month (null: no expected close date), in one currency.' })
export class ForecastBucket {
  @Field(() => String, { nullable: true, description: 'YYYY-MM; null for open deals without an expected close date.' })
  month: string | null;

  @Field()
  currency: string;

  @Field(() => Int)
  openDeals: number;

  @Field(() => Money, { description: 'Sum of the amounts.' })
  amount: Money;

  @Field(() => Money, { description: 'Sum of amount × stage probability / 100, rounded to minor units once for the bucket.' })
  weightedAmount: Money;
}

@ObjectType({ description: 'How many deals reached a stage and how many of them went on to a later stage or were won.' })
export class StageConversion {
  @Field(() => PipelineStage)
  stage: PipelineStage;

  @Field(() => Int, { description: 'Deals that were ever in this stage, counted once each.' })
  reached: number;

  @Field(() => Int, { description: 'Of those, deals that afterwards moved to a later stage or were won.' })
  advanced: number;

  @Field(() => Float, { nullable: true, description: 'advanced / reached, 4 decimals; null when no deal reached the stage.' })
  conversionRate: number | null;
}

@ObjectType({ description: 'Deals won and lost in a period (by close time).' })
export class WinRate {
  @Field(() => Int)
  won: number;

  @Field(() => Int)
  lost: number;

  @Field(() => Float, { nullable: true, description: 'won / (won + lost), 4 decimals; null when no deal closed.' })
  rate: number | null;

  @Field(() => [Money], { description: 'Won amounts, one per currency.' })
  wonAmounts: Money[];
}

@ArgsType()
export class ForecastArgs {
  @Field(() => ID, { nullable: true, description: 'Default: every pipeline.' })
  @IsOptional()
  @IsUUID('all', { message: 'pipelineId must be a UUID' })
  pipelineId?: string;

  @Field(() => String, { nullable: true, description: 'First month, YYYY-MM.' })
  @IsOptional()
  @Matches(MONTH, { message: 'from must be a month YYYY-MM' })
  from?: string;

  @Field(() => String, { nullable: true, description: 'Last month, YYYY-MM (included).' })
  @IsOptional()
  @Matches(MONTH, { message: 'to must be a month YYYY-MM' })
  to?: string;
}

@ArgsType()
export class StageConversionArgs {
  @Field(() => ID, { nullable: true, description: 'Default: the default pipeline.' })
  @IsOptional()
  @IsUUID('all', { message: 'pipelineId must be a UUID' })
  pipelineId?: string;
}

@ArgsType()
export class WinRateArgs {
  @Field(() => String, { nullable: true, description: 'Closed on or after this day (YYYY-MM-DD, UTC).' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @Field(() => String, { nullable: true, description: 'Closed on or before this day (YYYY-MM-DD, UTC).' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  @IsDateString({ strict: true }, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}
