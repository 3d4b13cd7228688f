import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { date, defineTable, type Queryable, type RowOf, text } from '@platform/database';

export const ratesTable = defineTable('exchange_rates', 'r', {
  currency: text(),
  validFrom: date(),
  rate: text('rate::text'),
});
export type RateRow = RowOf<typeof ratesTable>;

/** All SQL of exchange_rates. */
@Injectable()
export class RatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The rate in force on `day`: the latest one valid from that day or earlier. */
  rateOn(db: Queryable, currency: string, day: string): Promise<RateRow | undefined> {
    return ratesTable.one(
      db,
      `SELECT ${ratesTable.columns} FROM exchange_rates r WHERE r.currency = $1 AND r.valid_from <= $2 ORDER BY r.valid_from DESC LIMIT 1`,
      [currency, day],
    );
  }

  async upsert(db: Queryable, currency: string, validFrom: string, rate: string): Promise<RateRow> {
    const row = await ratesTable.one(
      db,
      `INSERT INTO exchange_rates AS r (currency, valid_from, rate) VALUES ($1, $2, $3)
       ON CONFLICT (currency, valid_from) DO UPDATE SET rate = EXCLUDED.rate RETURNING ${ratesTable.columns}`,
      [currency, validFrom, rate],
    );
    return row!;
  }

  list(currency: string | null): Promise<RateRow[]> {
    return ratesTable.many(
      this.dataSource,
      `SELECT ${ratesTable.columns} FROM exchange_rates r WHERE $1::text IS NULL OR r.currency = $1 ORDER BY r.currency, r.valid_from DESC LIMIT 500`,
      [currency],
    );
  }
}
