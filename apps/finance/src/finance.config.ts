import { z } from 'zod';

/** Finance's own environment variables, validated at start with the common ones. */
export const financeConfigShape = {
  /** The company's functional currency: ledgers and balances are kept in it. */
  FINANCE_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 code such as USD' })
    .default('USD'),
};

export type FinanceConfig = z.infer<z.ZodObject<typeof financeConfigShape>>;
