import { Inject } from '@nestjs/common';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { IdArg, notFound, toConnection } from '@platform/graphql';
import { Allow, SERVICE_CONFIG } from '@platform/service';
import { DeliveredEntries, type DeliveredEntry } from '../entries/delivered-entries';
import { EntriesService } from '../entries/entries.service';
import { fallbackChain } from '../shared/locales';
import { PublishedEntry, PublishedEntryConnection } from './delivery.model';
import { PublishedEntriesArgs, PublishedEntryArgs } from './dto/delivery.args';

/**
 * Published content for frontends, public (anonymous callers too: the
 * gateway lists publishedEntry and publishedEntries as public root fields).
 * It shows only what is live: an unknown type, an unknown slug and a draft
 * all answer NOT_FOUND alike, so nothing unpublished can be discovered.
 */
@Resolver(() => PublishedEntry)
export class DeliveryResolver {
  constructor(
    private readonly entries: EntriesService,
    private readonly delivered: DeliveredEntries,
    @Inject(SERVICE_CONFIG) private readonly config: { CMS_DEFAULT_LOCALE: string },
  ) {}

  @Allow('content:deliver')
  @Query(() => PublishedEntry, { description: 'The live entry of a type with this slug, in the locale or its fallbacks. Public.' })
  async publishedEntry(@Args() { contentType, slug, locale }: PublishedEntryArgs): Promise<DeliveredEntry> {
    const entry = await this.entries.findPublishedBySlug(
      contentType,
      slug,
      fallbackChain(locale ?? this.config.CMS_DEFAULT_LOCALE, this.config.CMS_DEFAULT_LOCALE),
    );
    const [delivered] = entry ? await this.delivered.build([entry], 'published') : [];
    if (!delivered) throw notFound('PublishedEntry', `${contentType}/${slug}`);
    return delivered;
  }

  @Allow('content:deliver')
  @Query(() => PublishedEntryConnection, { description: "A type's live entries in a locale, newest published first. Public." })
  async publishedEntries(@Args() { contentType, locale, first, after }: PublishedEntriesArgs): Promise<PublishedEntryConnection> {
    const page = await this.entries.listPublished(contentType, locale ?? this.config.CMS_DEFAULT_LOCALE, first, after);
    const delivered = await this.delivered.build(page.nodes, 'published');
    return toConnection({ nodes: delivered, hasNextPage: page.hasNextPage }, (e) => ({ at: e.publishedAt!, id: e.id }));
  }

  @Allow('entry:read')
  @Query(() => PublishedEntry, {
    description: 'An entry as it will be delivered once its draft is published (references shown as their drafts). Editors only.',
  })
  async previewEntry(@IdArg('id', 'Entry') id: string): Promise<DeliveredEntry> {
    const [delivered] = await this.delivered.build([await this.entries.get(id)], 'draft');
    return delivered;
  }
}
