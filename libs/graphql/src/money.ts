import { Directive, Field, ObjectType } from '@nestjs/graphql';
import { badUserInput } from './errors';

/** An amount of one currency; the amount is a decimal string, never a float. */
@ObjectType({ description: 'An amount of money: a decimal string and an ISO 4217 currency code.' })
@Directive('@shareable')
export class Money {
  @Field({ description: 'Decimal amount, e.g. "1250.00". Never a float.' })
  amount: string;

  @Field({ description: 'ISO 4217 currency code, e.g. "EUR".' })
  currency: string;
}

/**
 * Currencies whose ISO 4217 minor unit differs from the digits CLDR (and so
 * Intl) shows: CLDR drops decimals nobody writes in prices, but amounts,
 * invoices and ledgers keep the ISO precision.
 */
const ISO_MINOR_UNITS: Record<string, number> = {
  AFN: 2,
  ALL: 2,
  COP: 2,
  HUF: 2,
  IDR: 2,
  IQD: 3,
  IRR: 2,
  KPW: 2,
  LAK: 2,
  LBP: 2,
  MGA: 2,
  MMK: 2,
  PKR: 2,
  SLL: 2,
  SOS: 2,
  SYP: 2,
  YER: 2,
};

/** Known answers of minorDigits: building an Intl.NumberFormat costs more than the rest of a money conversion. */
const digitsByCurrency = new Map<string, number>();

/** Digits after the decimal point for a currency, its ISO 4217 minor unit (2 for EUR, 0 for JPY, 3 for BHD). */
export function minorDigits(currency: string): number {
  const known = digitsByCurrency.get(currency);
  if (known !== undefined) return known;
  let digits: number;
  try {
    const shown = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digits = ISO_MINOR_UNITS[currency] ?? shown;
  } catch {
    throw new RangeError(`"${currency}" is not an ISO 4217 currency code`);
  }
  // Only codes Intl accepts are remembered: three letters, so the map stays small.
  digitsByCurrency.set(currency, digits);
  return digits;
}

/** Minor units (bigint, or the string Postgres returns for bigint/numeric) to a Money value. */
export function moneyFromMinor(minor: bigint | string | number, currency: string): Money {
  const digits = minorDigits(currency);
  const value = BigInt(minor);
  const negative = value < 0n;
  const abs = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = digits ? `.${abs.slice(abs.length - digits)}` : '';
  return { amount: `${negative ? '-' : ''}${whole}${fraction}`, currency };
}

/** An amount as a caller sends it: a decimal string and an ISO 4217 code. */
export interface MoneyValue {
  amount: string;
  currency: string;
}

/** Minor units of an amount a caller gave; more decimals than the currency has (or no such currency) is the caller's mistake: BAD_USER_INPUT naming `field`. */
export function toMinor(money: MoneyValue, field: string): bigint {
  try {
    return minorFromDecimal(money.amount, money.currency);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw badUserInput(`${field}: ${message}`, { [field]: [message] });
  }
}

/** A decimal string to minor units; rejects more precision than the currency has. */
export function minorFromDecimal(amount: string, currency: string): bigint {
  const digits = minorDigits(currency);
  const match = /^(-)?(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new RangeError(`"${amount}" is not a decimal amount`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits) throw new RangeError(`${currency} amounts have at most ${digits} decimal places, got "${amount}"`);
  const minor = BigInt(whole + fraction.padEnd(digits, '0'));
  return sign ? -minor : minor;
}
