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
  consumers: ['crm', 'analytics'],
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
  consumers: ['crm', 'analytics'],
  description: 'A visitor downloaded gated content, giving their details.',
  data: z.object({
    downloadId: z.uuid(),
    contentId: z.uuid(),
    contentTitle: z.string().min(1),
    ...person,
    downloadedAt: timestamp(),
  }),
});

const seo = z.object({
  title: z.string().nullable(),
  description: z.string().nullable(),
  canonicalUrl: z.string().nullable(),
  noIndex: z.boolean(),
});

const referenceSummary = z.object({
  entryId: z.uuid(),
  contentType: z.string().min(1),
  locale: z.string().min(2),
  slug: z.string().min(1),
  title: z.string().min(1),
  data: z.record(z.string(), z.unknown()),
});

export const contentPublishedV1 = defineEvent({
  type: 'cms.content.published',
  version: 1,
  topic: 'cms.content',
  producer: 'cms',
  consumers: [],
  description: 'A content entry went live (or a new version of it did), with its references resolved as delivered.',
  data: z.object({
    entryId: z.uuid(),
    contentType: z.string().min(1),
    locale: z.string().min(2),
    slug: z.string().min(1),
    title: z.string().min(1),
    version: z.number().int().min(1),
    seo,
    /** Field values as delivered: rich text as sanitised HTML with its document, references as the entries below. */
    data: z.record(z.string(), z.unknown()),
    references: z.array(referenceSummary),
    publishedAt: timestamp(),
  }),
});

export const contentUnpublishedV1 = defineEvent({
  type: 'cms.content.unpublished',
  version: 1,
  topic: 'cms.content',
  producer: 'cms',
  consumers: [],
  description: 'A content entry stopped being live: caches and content views drop it.',
  data: z.object({
    entryId: z.uuid(),
    contentType: z.string().min(1),
    locale: z.string().min(2),
    /** The slug it was live under. */
    slug: z.string().min(1),
    unpublishedAt: timestamp(),
  }),
});

export const cmsEvents = [formSubmittedV1, contentDownloadedV1, contentPublishedV1, contentUnpublishedV1];
