import { z } from 'zod';
import { defineEvent } from './registry';
import { timestamp } from './shared-schemas';

const person = {
  email: z.string().min(3).max(320),
  firstName: z.string().max(100).nullable(),
  lastName: z.string().max(100).nullable(),
  company: z.string().max(200).nullable(),
  /** The CDP's anonymous visitor id, when the browser sent one. */
  anonymousId: z.string().max(200).nullable(),
};

export const formSubmittedV1 = defineEvent({
  type: 'cms.form.submitted',
  version: 1,
  topic: 'cms.form',
  producer: 'cms',
  consumers: ['crm'],
  description: 'A visitor submitted a form on published content.',
  data: z.object({
    submissionId: z.uuid(),
    formId: z.uuid(),
    formName: z.string().min(1),
    contentId: z.uuid().nullable(),
    ...person,
    fields: z.record(z.string(), z.string()),
    submittedAt: timestamp(),
  }),
});

export const contentDownloadedV1 = defineEvent({
  type: 'cms.content.downloaded',
  version: 1,
  topic: 'cms.content',
  producer: 'cms',
  consumers: ['crm'],
  description: 'A visitor downloaded gated content, giving their details.',
  data: z.object({
    downloadId: z.uuid(),
    contentId: z.uuid(),
    contentTitle: z.string().min(1),
    ...person,
    downloadedAt: timestamp(),
  }),
});

export const cmsEvents = [formSubmittedV1, contentDownloadedV1];
