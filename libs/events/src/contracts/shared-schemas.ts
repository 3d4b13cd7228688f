import { z } from 'zod';

/** Money on the wire: a decimal string and an ISO 4217 code, never a float. */
export const moneySchema = z.object({
  amount: z.string().regex(/^-?\d+(\.\d+)?$/, { error: 'amount must be a decimal string' }),
  currency: z.string().regex(/^[A-Z]{3}$/, { error: 'currency must be an ISO 4217 code' }),
});

export const timestamp = () => z.iso.datetime({ offset: true });
