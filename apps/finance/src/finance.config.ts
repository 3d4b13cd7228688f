import { z } from 'zod';
import { loadConfig } from '@platform/config';

export const FINANCE_CONFIG = Symbol('FINANCE_CONFIG');

export const financeConfigShape = {
  /** The company's functional currency: ledgers and balances are kept in it. */
  FINANCE_CURRENCY: z.string().regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as USD' }).default('USD'),
};

export type FinanceConfig = ReturnType<typeof loadFinanceConfig>;
export const loadFinanceConfig = () => loadConfig(financeConfigShape);
