import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { byKeys, groupByKey, IdArg, loaderFor, type RequestContext, toConnection } from '@platform/graphql';
import { Allow } from '@platform/service';
import { ContentTypesService } from '../content-types/content-types.service';
import { CompareVersionsArgs, CreateEntryInput, EntriesArgs, EntryVersionArgs, EntryVersionsArgs, UpdateEntryInput } from './dto/entry.input';
import { type EntryRow, toEntry, type VersionRow } from './entries.repository';
import { EntriesService } from './entries.service';
import { Entry, EntryConnection, EntryVersion, VersionComparison } from './entry.model';

type EntryNode = EntryRow & Pick<Entry, 'status'>;

@Resolver(() => Entry)
export class EntriesResolver {
  constructor(
    private readonly service: EntriesService,
    private readonly contentTypes: ContentTypesService,
  ) {}

  @Allow('entry:write')
  @Mutation(() => Entry, {
    description: 'A new entry with its first draft. BAD_USER_INPUT naming data.<field> when the data does not fit its type; SLUG_TAKEN.',
  })
  async createEntry(@Args('input') input: CreateEntryInput, @Context() context: RequestContext): Promise<EntryNode> {
    return toEntry(await this.service.create(input, context.identity));
  }

  @Allow('entry:write')
  @Mutation(() => Entry, { description: 'Saves a new draft version; what is live stays until it is published.' })
  async updateEntry(@Args('input') input: UpdateEntryInput, @Context() context: RequestContext): Promise<EntryNode> {
    return toEntry(await this.service.update(input, context.identity));
  }

  @Allow('entry:write')
  @Mutation(() => Entry, { description: 'Saves a new draft holding what the given version held.' })
  async revertEntry(@Args() { id, version }: EntryVersionArgs, @Context() context: RequestContext): Promise<EntryNode> {
    return toEntry(await this.service.revert(id, version, context.identity));
  }

  @Allow('entry:write')
  @Mutation(() => Entry, { description: 'Draft → in review, for types that require review.' })
  async submitEntryForReview(@IdArg('id', 'Entry') id: string, @Context() context: RequestContext): Promise<EntryNode> {
    return toEntry(await this.service.review(id, 'submit', context.identity));
  }

  @Allow('entry:review')
  @Mutation(() => Entry, { description: 'In review → approved, naming the reviewer; the approval covers this draft version only.' })
  async approveEntry(@IdArg('id', 'Entry') id: string, @Context() context: RequestContext): Promise<EntryNode> {
    return toEntry(await this.service.review(id, 'approve', context.identity));
  }

  @Allow('entry:review')
  @Mutation(() => Entry, { description: 'In review → draft.' })
  async rejectEntry(@IdArg('id', 'Entry') id: string, @Context() context: RequestContext): Promise<EntryNode> {
    return toEntry(await this.service.review(id, 'reject', context.identity));
  }

  @Allow('entry:publish')
  @Mutation(() => Entry, {
    description: 'Makes the draft live. NOTHING_TO_PUBLISH if it already is; ILLEGAL_REVIEW_TRANSITION if its type wants an approval it lacks.',
  })
  async publishEntry(@IdArg('id', 'Entry') id: string, @Context() context: RequestContext): Promise<EntryNode> {
    return toEntry(await this.service.publish(id, context.identity));
  }

  @Allow('entry:publish')
  @Mutation(() => Entry, { description: 'Takes the entry offline; its draft stays.' })
  async unpublishEntry(@IdArg('id', 'Entry') id: string, @Context() context: RequestContext): Promise<EntryNode> {
    return toEntry(await this.service.unpublish(id, context.identity));
  }

  @Allow('entry:read')
  @Query(() => Entry, { description: 'An entry with its draft and live versions. NOT_FOUND if there is none.' })
  async contentEntry(@IdArg('id', 'Entry') id: string): Promise<EntryNode> {
    return toEntry(await this.service.get(id));
  }

  @Allow('entry:read')
  @Query(() => EntryConnection, { description: "A content type's entries, oldest first." })
  async contentEntries(@Args() { contentType, locale, first, after }: EntriesArgs): Promise<EntryConnection> {
    const page = await this.service.list(contentType, locale ?? null, first, after);
    return toConnection({ ...page, nodes: page.nodes.map(toEntry) }, (e) => ({ at: e.createdAt, id: e.id }));
  }

  @Allow('entry:read')
  @Query(() => EntryVersion, { description: 'One version of an entry.' })
  entryVersion(@Args() { id, version }: EntryVersionArgs): Promise<VersionRow> {
    return this.service.version(id, version);
  }

  @Allow('entry:read')
  @Query(() => VersionComparison, { description: 'Two versions of an entry and the fields that differ.' })
  compareEntryVersions(@Args() { id, from, to }: CompareVersionsArgs): Promise<{ from: VersionRow; to: VersionRow; changedFields: string[] }> {
    return this.service.compare(id, from, to);
  }

  @Allow('entry:read')
  @ResolveField(() => String, { description: 'apiId of its content type.' })
  async contentType(@Parent() entry: EntryRow, @Context() context: RequestContext): Promise<string> {
    const loader = loaderFor<string, string>(context, 'cms.contentTypeApiId', async (ids) =>
      byKeys<string, { id: string; apiId: string }, string | Error>(
        ids,
        await this.contentTypes.findByIds(ids),
        (t) => t.id,
        (id) => new Error(`content type ${id} missing`),
        (t) => t.apiId,
      ),
    );
    return loader.load(entry.contentTypeId);
  }

  @Allow('entry:read')
  @ResolveField(() => EntryVersion, { description: 'The latest saved version.' })
  draft(@Parent() entry: EntryRow, @Context() context: RequestContext): Promise<VersionRow> {
    return this.versionLoader(context).load(`${entry.id}@${entry.draftVersion}`);
  }

  @Allow('entry:read')
  @ResolveField(() => EntryVersion, { nullable: true, description: 'The live version, if any.' })
  async published(@Parent() entry: EntryRow, @Context() context: RequestContext): Promise<VersionRow | null> {
    return entry.publishedVersion === null ? null : this.versionLoader(context).load(`${entry.id}@${entry.publishedVersion}`);
  }

  @Allow('entry:read')
  @ResolveField(() => [EntryVersion], { description: 'Versions, newest first.' })
  versions(@Parent() entry: EntryRow, @Args() { first, before }: EntryVersionsArgs, @Context() context: RequestContext): Promise<VersionRow[]> {
    // One statement for every entry of the request asking the same page.
    const loader = loaderFor<string, VersionRow[]>(context, `cms.entryVersions:${first}:${before ?? ''}`, async (ids) =>
      groupByKey(ids, await this.service.versionsOfMany(ids, first, before ?? null), (v) => v.entryId),
    );
    return loader.load(entry.id);
  }

  private versionLoader(context: RequestContext) {
    return loaderFor<string, VersionRow>(context, 'cms.entryVersion', async (keys) => {
      const parsed = keys.map((k) => ({ entryId: k.slice(0, 36), version: Number(k.slice(37)) }));
      const rows = await this.service.versionsByKeys(parsed);
      return byKeys<string, VersionRow, VersionRow | Error>(
        keys,
        rows,
        (v) => `${v.entryId}@${v.version}`,
        (k) => new Error(`version ${k} missing`),
        (v) => v,
      );
    });
  }
}
