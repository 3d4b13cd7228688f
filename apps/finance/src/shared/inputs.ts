import { applyDecorators } from '@nestjs/common';
import { Field, Int } from '@nestjs/graphql';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { inputField } from '@platform/graphql';

/** A tax rate in percent, "0" to "100" with up to two decimals. */
export function TaxRateField(): PropertyDecorator {
  return inputField(
    () => String,
    { optional: true, description: 'Percent, e.g. "20" or "7.25" (up to two decimals); none: 0.' },
    Matches(/^\d{1,3}(\.\d{1,2})?$/, { message: '$property must be a percentage such as 20 or 7.25' }),
  );
}

/** A positive decimal exchange rate: units of the functional currency per unit of the other. */
export function RateField(): PropertyDecorator {
  return inputField(
    () => String,
    { description: 'Units of the functional currency per unit of this currency, e.g. "1.0845".' },
    Matches(/^(?=.*[1-9])\d{1,10}(\.\d{1,10})?$/, { message: '$property must be a positive decimal such as 1.0845' }),
  );
}

/** A calendar year. */
export function YearField(): PropertyDecorator {
  return applyDecorators(
    Field(() => Int, { description: 'e.g. 2026.' }),
    IsInt(),
    Min(1900),
    Max(9999),
  );
}

/** A whole quantity of at least 1. */
export function QuantityField(): PropertyDecorator {
  return applyDecorators(
    Field(() => Int, { description: 'At least 1.' }),
    IsInt(),
    Min(1, { message: 'quantity must be at least 1' }),
    Max(1_000_000_000),
  );
}
