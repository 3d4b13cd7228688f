import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate, ValidateNested } from 'class-validator';

@InputType()
export class MetricsPeriodInput {
  @Field({ description: 'Start of the period (inclusive).' })
  @Type(() => Date)
  @IsDate()
  from: Date;

  @Field({ description: 'End of the period (exclusive), after from and at most 5 years later.' })
  @Type(() => Date)
  @IsDate()
  to: Date;
}

@ArgsType()
export class MetricsArgs {
  @Field(() => MetricsPeriodInput)
  @ValidateNested()
  @Type(() => MetricsPeriodInput)
  period: MetricsPeriodInput;
}
