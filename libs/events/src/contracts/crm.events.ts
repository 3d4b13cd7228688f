import { z } from 'zod';
import { defineEvent } from './registry';
import { moneySchema, timestamp } from './shared-schemas';

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
    createdAt: timestamp(),
  }),
});

export const customerUpdatedV1 = defineEvent({
  type: 'crm.customer.updated',
  version: 1,
  topic: 'crm.customer',
  producer: 'crm',
  consumers: [],
  description: 'A customer changed: the fields that changed and the state after the change.',
  data: z.object({
    customerId: z.uuid(),
    name: z.string().min(1),
    email: z.string().min(3),
    kind: z.enum(['organisation', 'individual']),
    changed: z.array(z.string()).min(1),
    updatedAt: timestamp(),
  }),
});

const contactState = {
  contactId: z.uuid(),
  customerId: z.uuid().nullable(),
  firstName: z.string().min(1),
  lastName: z.string(),
  email: z.string().min(3).nullable(),
};

export const contactCreatedV1 = defineEvent({
  type: 'crm.contact.created',
  version: 1,
  topic: 'crm.contact',
  producer: 'crm',
  consumers: ['analytics'],
  description: 'A contact (a person) was created.',
  data: z.object({ ...contactState, createdAt: timestamp() }),
});

export const contactUpdatedV1 = defineEvent({
  type: 'crm.contact.updated',
  version: 1,
  topic: 'crm.contact',
  producer: 'crm',
  consumers: ['analytics'],
  description: 'A contact changed: the fields that changed and the state after the change.',
  data: z.object({ ...contactState, changed: z.array(z.string()).min(1), updatedAt: timestamp() }),
});

export const contactMergedV1 = defineEvent({
  type: 'crm.contact.merged',
  version: 1,
  topic: 'crm.contact',
  producer: 'crm',
  consumers: [],
  description: 'A duplicate contact was merged into another; the merged id now means the survivor. Keyed by the survivor.',
  data: z.object({ survivorId: z.uuid(), mergedId: z.uuid(), mergedAt: timestamp() }),
});

export const leadSources = ['web_form', 'import', 'manual', 'content_download'] as const;

export const leadCreatedV1 = defineEvent({
  type: 'crm.lead.created',
  version: 1,
  topic: 'crm.lead',
  producer: 'crm',
  consumers: ['analytics'],
  description: 'A lead was created (by hand, import, web form or content download).',
  data: z.object({
    leadId: z.uuid(),
    email: z.string().min(3),
    firstName: z.string(),
    lastName: z.string(),
    company: z.string().nullable(),
    source: z.enum(leadSources),
    createdAt: timestamp(),
  }),
});

export const leadConvertedV1 = defineEvent({
  type: 'crm.lead.converted',
  version: 1,
  topic: 'crm.lead',
  producer: 'crm',
  consumers: ['analytics'],
  description: 'A lead became a customer and contact (created or linked), and a deal when one was asked for.',
  data: z.object({
    leadId: z.uuid(),
    customerId: z.uuid(),
    contactId: z.uuid(),
    dealId: z.uuid().nullable(),
    convertedAt: timestamp(),
  }),
});

export const dealStageChangedV1 = defineEvent({
  type: 'crm.deal.stage-changed',
  version: 1,
  topic: 'crm.deal',
  producer: 'crm',
  consumers: [],
  description: 'An open deal moved to another stage of its pipeline.',
  data: z.object({
    dealId: z.uuid(),
    customerId: z.uuid(),
    pipelineId: z.uuid(),
    fromStageId: z.uuid().nullable(),
    toStageId: z.uuid(),
    probability: z.number().int().min(0).max(100),
    changedAt: timestamp(),
  }),
});

export const dealLineItemSchema = z.object({
  productId: z.uuid(),
  description: z.string().nullable(),
  quantity: z.number().int().positive(),
  unitPrice: moneySchema,
});

export const dealWonV1 = defineEvent({
  type: 'crm.deal.won',
  version: 1,
  topic: 'crm.deal',
  producer: 'crm',
  consumers: ['inventory', 'analytics', 'finance'],
  description: 'A deal was won: what was sold (line items), to whom, for how much. Starts order to cash.',
  data: z.object({
    dealId: z.uuid(),
    customerId: z.uuid(),
    contactId: z.uuid().nullable(),
    ownerId: z.string().nullable(),
    amount: moneySchema,
    lineItems: z.array(dealLineItemSchema),
    reason: z.string().min(1),
    wonAt: timestamp(),
  }),
});

export const dealLostV1 = defineEvent({
  type: 'crm.deal.lost',
  version: 1,
  topic: 'crm.deal',
  producer: 'crm',
  consumers: ['inventory', 'analytics'],
  description: 'A deal was lost, with the reason.',
  data: z.object({
    dealId: z.uuid(),
    customerId: z.uuid(),
    amount: moneySchema,
    reason: z.string().min(1),
    lostAt: timestamp(),
  }),
});

export const ticketOpenedV1 = defineEvent({
  type: 'crm.ticket.opened',
  version: 1,
  topic: 'crm.ticket',
  producer: 'crm',
  consumers: ['analytics'],
  description: 'A support ticket was opened.',
  data: z.object({
    ticketId: z.uuid(),
    number: z.number().int().positive(),
    customerId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    subject: z.string().min(1),
    priority: z.enum(['low', 'normal', 'high', 'urgent']),
    openedAt: timestamp(),
  }),
});

export const ticketResolvedV1 = defineEvent({
  type: 'crm.ticket.resolved',
  version: 1,
  topic: 'crm.ticket',
  producer: 'crm',
  consumers: ['analytics'],
  description: 'A support ticket was resolved, with how long first response and resolution took.',
  data: z.object({
    ticketId: z.uuid(),
    customerId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    firstResponseSeconds: z.number().int().nonnegative().nullable(),
    resolutionSeconds: z.number().int().nonnegative(),
    resolvedAt: timestamp(),
  }),
});

export const activityKinds = [
  'call',
  'email',
  'meeting',
  'note',
  'invoice_posted',
  'invoice_paid',
  'order_shipped',
  'content_downloaded',
  'form_submitted',
  'email_sent',
] as const;

export const activityLoggedV1 = defineEvent({
  type: 'crm.activity.logged',
  version: 1,
  topic: 'crm.activity',
  producer: 'crm',
  consumers: [],
  description: 'An entry was added to a timeline: a call, email, meeting or note a user logged (or a nurture email sent).',
  data: z.object({
    activityId: z.uuid(),
    kind: z.enum(activityKinds),
    subject: z.string().min(1),
    customerId: z.uuid().nullable(),
    contactId: z.uuid().nullable(),
    dealId: z.uuid().nullable(),
    leadId: z.uuid().nullable(),
    actor: z.string().min(1),
    occurredAt: timestamp(),
  }),
});

export const crmEvents = [
  customerCreatedV1,
  customerUpdatedV1,
  contactCreatedV1,
  contactUpdatedV1,
  contactMergedV1,
  leadCreatedV1,
  leadConvertedV1,
  dealStageChangedV1,
  dealWonV1,
  dealLostV1,
  ticketOpenedV1,
  ticketResolvedV1,
  activityLoggedV1,
];
