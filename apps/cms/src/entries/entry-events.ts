import type { EntityManager } from 'typeorm';
import { contentPublishedV1, contentUnpublishedV1, type Outbox } from '@platform/events';
import type { DeliveredEntry } from './delivered-entries';

/** cms.content.published: the entry as visitors now get it, references resolved. */
export async function emitPublished(outbox: Outbox, manager: EntityManager, entry: DeliveredEntry, publishedAt: Date): Promise<void> {
  await outbox.emit(
    manager,
    contentPublishedV1,
    entry.id,
    {
      entryId: entry.id,
      contentType: entry.contentType,
      locale: entry.locale,
      slug: entry.slug,
      title: entry.title,
      version: entry.version,
      seo: entry.seo,
      data: entry.data,
      references: entry.references.map((r) => ({ entryId: r.id, contentType: r.contentType, locale: r.locale, slug: r.slug, title: r.title, data: r.data })),
      publishedAt: publishedAt.toISOString(),
    },
    { time: publishedAt },
  );
}

/** cms.content.unpublished: the slug it was live under, so caches can drop that page. */
export async function emitUnpublished(
  outbox: Outbox,
  manager: EntityManager,
  entry: { id: string; contentType: string; locale: string; slug: string },
  at: Date,
): Promise<void> {
  await outbox.emit(
    manager,
    contentUnpublishedV1,
    entry.id,
    { entryId: entry.id, contentType: entry.contentType, locale: entry.locale, slug: entry.slug, unpublishedAt: at.toISOString() },
    { time: at },
  );
}
