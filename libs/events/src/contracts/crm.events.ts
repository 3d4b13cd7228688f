import { z } from 'zod';
import { defineEvent } from './registry';

export const customerCreatedV1 = defineEvent({
  type: 'crm.customer.created',
  version: 1,
  topic: 'crm.customer',
  producer: 'crm',
  consumers: ['analytics'],
  description: 'A customer was created.',
  data: z.object({
    customerId: z.uuid(),
    name: z.string().min(1),
    email: z.string().min(3),
    createdAt: z.iso.datetime({ offset: true }),
  }),
});
