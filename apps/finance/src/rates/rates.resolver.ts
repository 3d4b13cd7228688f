import { Args, Context, Field, InputType, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { DateField, type RequestContext } from '@platform/graphql';
import { Allow } from '@platform/service';
import { RatesArgs } from '../ledger/dto/ledger.inputs';
import { RateField } from '../shared/inputs';
import { RatesService } from './rates.service';

@ObjectType({ description: 'Units of the functional currency per unit of a currency, in force from a date until the next rate.' })
export class ExchangeRate {
  @Field()
  currency: string;

  @Field()
  validFrom: string;

  @Field()
  rate: string;
}

@InputType()
export class SetExchangeRateInput {
  @Field()
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as EUR' })
  currency: string;

  @DateField({ description: 'In force from this day.' })
  validFrom: string;

  @RateField()
  rate: string;
}

@Resolver(() => ExchangeRate)
export class RatesResolver {
  constructor(private readonly rates: RatesService) {}

  @Allow('account:read')
  @Query(() => [ExchangeRate], { description: 'Dated rates, newest first per currency (up to 500).' })
  exchangeRates(@Args() { currency }: RatesArgs): Promise<ExchangeRate[]> {
    return this.rates.list(currency ?? null);
  }

  @Allow('rate:manage')
  @Mutation(() => ExchangeRate, { description: 'Sets the rate of a currency from a day on (replacing that day’s rate).' })
  setExchangeRate(@Args('input') input: SetExchangeRateInput, @Context() context: RequestContext): Promise<ExchangeRate> {
    return this.rates.set(input.currency, input.validFrom, input.rate, context.identity);
  }
}
