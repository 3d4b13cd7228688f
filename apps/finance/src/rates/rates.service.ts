import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Identity } from '@platform/auth';
import { badUserInput, DomainError } from '@platform/graphql';
import { AuditLog, SERVICE_CONFIG } from '@platform/service';
import type { FinanceConfig } from '../finance.config';
import { convertMinor } from '../shared/amounts';
import { FinanceErrorCode } from '../shared/finance-error-codes';
import { type RateRow, RatesRepository } from './rates.repository';
import type { Queryable } from '@platform/database';

/**
 * Dated exchange rates into the functional currency (FINANCE_CURRENCY). A
 * document is booked at the rate in force on its date and keeps that rate;
 * a payment at the rate of the day it was received, the difference to the
 * invoice's rate being a realised exchange difference. Open documents are not
 * revalued (no unrealised differences are booked).
 */
@Injectable()
export class RatesService {
  readonly functional: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: RatesRepository,
    private readonly audit: AuditLog,
    @Inject(SERVICE_CONFIG) config: FinanceConfig,
  ) {
    this.functional = config.FINANCE_CURRENCY;
  }

  /** Units of the functional currency per unit of `currency` on `day`; RATE_MISSING when none is in force. */
  async rateOn(db: Queryable, currency: string, day: string): Promise<string> {
    if (currency === this.functional) return '1';
    const row = await this.repository.rateOn(db, currency, day);
    if (!row) {
      throw new DomainError(FinanceErrorCode.RateMissing, `No ${currency} to ${this.functional} rate in force on ${day}: set one with setExchangeRate`, {
        currency,
        date: day,
      });
    }
    return row.rate;
  }

  /** `minor` of `currency` in functional minor units at `rate`. */
  toFunctional(minor: bigint, currency: string, rate: string): bigint {
    return convertMinor(minor, currency, this.functional, rate);
  }

  async set(currency: string, validFrom: string, rate: string, actor?: Identity): Promise<RateRow> {
    if (currency === this.functional)
      throw badUserInput(`${currency} is the functional currency; its rate is always 1`, { currency: ['not the functional currency'] });
    return this.dataSource.transaction(async (manager) => {
      const row = await this.repository.upsert(manager, currency, validFrom, rate);
      await this.audit.record(manager, actor, 'setExchangeRate', `${currency}:${validFrom}`, { rate });
      return row;
    });
  }

  list(currency: string | null): Promise<RateRow[]> {
    return this.repository.list(currency);
  }
}
