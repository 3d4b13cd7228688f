import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import type { Identity } from '@platform/auth';
import { badUserInput, conflict, DomainError, notFound, type Page } from '@platform/graphql';
import { AuditLog } from '@platform/service';
import { Outbox } from '@platform/events';
import { AssetsService } from '../assets/assets.service';
import { ContentTypesService } from '../content-types/content-types.service';
import type { ContentTypeRow } from '../content-types/content-types.repository';
import { CmsErrorCode } from '../shared/cms-error-codes';
import { changedFields, checkData } from '../shared/fields';
import { DeliveredEntries } from './delivered-entries';
import type { CreateEntryInput, SeoInput, UpdateEntryInput } from './dto/entry.input';
import type { FeedItem } from '../delivery/feeds';
import { type EntryRow, EntriesRepository, liveEntries, type VersionRow } from './entries.repository';
import { emitPublished, emitUnpublished } from './entry-events';
import { publishRefusal, type ReviewAction, reviewStep, slugify, unpublishRefusal } from './entry-rules';

interface Draft {
  title: string;
  slug: string;
  seo: Record<string, unknown>;
  data: Record<string, unknown>;
}

const seoOf = (seo: SeoInput | null | undefined): Record<string, unknown> => ({
  title: seo?.title ?? null,
  description: seo?.description ?? null,
  canonicalUrl: seo?.canonicalUrl ?? null,
  noIndex: seo?.noIndex ?? false,
});

/** What a save changed: field apiIds, then title, slug and seo. */
function changes(before: Draft | null, after: Draft): string[] {
  const changed = changedFields(before?.data ?? null, after.data);
  if (before?.title !== after.title) changed.push('title');
  if (before?.slug !== after.slug) changed.push('slug');
  if (JSON.stringify(before?.seo ?? {}) !== JSON.stringify(after.seo)) changed.push('seo');
  return changed;
}

/** Entries: drafts and versions, review, publishing. Every command is one transaction with its events and audit entry. */
@Injectable()
export class EntriesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: EntriesRepository,
    private readonly contentTypes: ContentTypesService,
    private readonly delivered: DeliveredEntries,
    private readonly assets: AssetsService,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  async create(input: CreateEntryInput, actor?: Identity): Promise<EntryRow> {
    return this.dataSource.transaction(async (manager) => {
      const type = await this.contentTypes.lockForEntryIn(manager, input.contentType);
      const id = randomUUID();
      let groupId: string = id;
      if (input.variantOf) {
        const [original] = await this.repository.findByIds([input.variantOf], manager);
        if (!original) throw notFound('Entry', input.variantOf);
        if (original.contentTypeId !== type.id)
          throw badUserInput(`Entry ${input.variantOf} is not a ${type.apiId}`, { variantOf: [`must be a ${type.apiId} entry`] });
        const variants = await this.repository.findByGroupIn(manager, original.groupId);
        const existing = variants.find((v) => v.locale === input.locale);
        if (existing) throw conflict(`Entry ${input.variantOf} already has a ${input.locale} variant: ${existing.id}`, { existingId: existing.id });
        groupId = original.groupId;
      }
      const draft: Draft = { title: input.title, slug: input.slug ?? slugify(input.title), seo: seoOf(input.seo), data: input.data };
      await this.checkDraftIn(manager, type, input.locale, draft, null);
      const entry = await this.repository.insertIn(manager, {
        id,
        contentTypeId: type.id,
        groupId,
        locale: input.locale,
        slug: draft.slug,
        createdBy: actor?.sub ?? null,
      });
      await this.repository.insertVersionIn(manager, {
        entryId: id,
        version: 1,
        ...draft,
        changedFields: changes(null, draft),
        revertedFrom: null,
        createdBy: actor?.sub ?? null,
      });
      return entry;
    });
  }

  /** A new draft version; the live version stays until this one is published. Saving nothing new makes no version. */
  async update(input: UpdateEntryInput, actor?: Identity): Promise<EntryRow> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, type, draft: current } = await this.lockWithDraft(manager, input.id);
      const next: Draft = {
        title: input.title ?? current.title,
        slug: input.slug ?? current.slug,
        seo: input.seo ? seoOf(input.seo) : current.seo,
        data: input.data ?? current.data,
      };
      const changed = changes(current, next);
      if (!changed.length) return entry;
      await this.checkDraftIn(manager, type, entry.locale, next, entry.id);
      return this.saveDraftIn(manager, entry, next, changed, null, actor);
    });
  }

  /** A new draft holding what `version` held (the live version is untouched until it is published). */
  async revert(id: string, version: number, actor?: Identity): Promise<EntryRow> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, type, draft: current } = await this.lockWithDraft(manager, id);
      const old = await this.repository.versionIn(manager, id, version);
      if (!old) throw notFound('EntryVersion', `${id}@${version}`);
      const next: Draft = { title: old.title, slug: old.slug, seo: old.seo, data: old.data };
      const problems = checkData(type.fields, next.data).problems;
      if (Object.keys(problems).length) {
        throw badUserInput(
          `Version ${version} no longer fits ${type.apiId} as it is now defined: ${Object.entries(problems)
            .map(([f, p]) => `${f} ${p.join('; ')}`)
            .join(', ')}`,
          Object.fromEntries(Object.entries(problems).map(([f, p]) => [`data.${f}`, p])),
        );
      }
      await this.checkDraftIn(manager, type, entry.locale, next, entry.id);
      return this.saveDraftIn(manager, entry, next, changes(current, next), version, actor);
    });
  }

  async publish(id: string, actor?: Identity): Promise<EntryRow> {
    return this.dataSource.transaction((manager) => this.publishIn(manager, id, actor));
  }

  /** publish() in the caller's transaction (a scheduled publish records its outcome in the same one). */
  async publishIn(manager: EntityManager, id: string, actor?: Identity): Promise<EntryRow> {
    const entry = await this.lock(manager, id);
    const [type] = await this.contentTypes.findByIds([entry.contentTypeId]);
    const refusal = publishRefusal(entry, type.reviewRequired);
    if (refusal) throw refusal;
    await this.repository.lockSlugsIn(manager, entry.contentTypeId, entry.locale);
    const holder = await this.repository.slugHolderIn(manager, entry.contentTypeId, entry.locale, entry.slug, entry.id);
    if (holder) throw slugTaken(entry.slug, entry.locale, holder);
    const published = await this.repository.publishIn(manager, id, entry.draftVersion, entry.slug);
    const [delivered] = await this.delivered.build([published], 'published', manager);
    await emitPublished(this.outbox, manager, delivered, published.publishedAt!);
    await this.audit.record(manager, actor, 'publishEntry', id, { version: entry.draftVersion });
    return published;
  }

  async unpublish(id: string, actor?: Identity): Promise<EntryRow> {
    return this.dataSource.transaction((manager) => this.unpublishIn(manager, id, actor));
  }

  async unpublishIn(manager: EntityManager, id: string, actor?: Identity): Promise<EntryRow> {
    const entry = await this.lock(manager, id);
    const refusal = unpublishRefusal(entry);
    if (refusal) throw refusal;
    const [type] = await this.contentTypes.findByIds([entry.contentTypeId]);
    const row = await this.repository.unpublishIn(manager, id);
    await emitUnpublished(this.outbox, manager, { id, contentType: type.apiId, locale: entry.locale, slug: entry.publishedSlug! }, row.updatedAt);
    await this.audit.record(manager, actor, 'unpublishEntry', id, { version: entry.publishedVersion });
    return row;
  }

  /** submit (editor), approve or reject (reviewer); an approval names the reviewer and the version approved. */
  async review(id: string, action: ReviewAction, actor?: Identity): Promise<EntryRow> {
    return this.dataSource.transaction(async (manager) => {
      const entry = await this.lock(manager, id);
      const next = reviewStep(entry, action);
      if (next instanceof DomainError) throw next;
      const approved = action === 'approve';
      const row = await this.repository.setReviewIn(manager, id, next, approved ? (actor?.sub ?? null) : null, approved ? entry.draftVersion : null);
      await this.audit.record(manager, actor, `${action}Entry`, id, { version: entry.draftVersion });
      return row;
    });
  }

  async get(id: string): Promise<EntryRow> {
    const [entry] = await this.repository.findByIds([id]);
    if (!entry) throw notFound('Entry', id);
    return entry;
  }

  findByIds(ids: readonly string[]): Promise<EntryRow[]> {
    return this.repository.findByIds(ids);
  }

  async version(id: string, version: number): Promise<VersionRow> {
    const found = await this.repository.versionIn(this.dataSource, id, version);
    if (!found) throw notFound('EntryVersion', `${id}@${version}`);
    return found;
  }

  async compare(id: string, from: number, to: number): Promise<{ from: VersionRow; to: VersionRow; changedFields: string[] }> {
    const [a, b] = await Promise.all([this.version(id, from), this.version(id, to)]);
    return { from: a, to: b, changedFields: changes(a, b) };
  }

  versionsOfMany(ids: readonly string[], first: number, before: number | null): Promise<VersionRow[]> {
    return this.repository.versionsOfMany(ids, first, before);
  }

  versionsByKeys(keys: readonly { entryId: string; version: number }[]): Promise<VersionRow[]> {
    return this.repository.versionsByKeys(keys);
  }

  async list(contentType: string, locale: string | null, first: number, after?: string | null): Promise<Page<EntryRow>> {
    const type = await this.contentTypes.getByApiId(contentType);
    return this.repository.list(type.id, locale, first, after);
  }

  /** The live title of an entry, or undefined while it is not published (a form on a draft takes no submissions). */
  async liveTitleIn(db: EntityManager, id: string): Promise<string | undefined> {
    const [entry] = await this.repository.findByIds([id], db);
    if (!entry || entry.publishedVersion === null) return undefined;
    return (await this.repository.versionIn(db, id, entry.publishedVersion))?.title;
  }

  /** Whether the entry exists (a form may be attached to a draft, and waits for it to go live). */
  async existsIn(db: EntityManager, id: string): Promise<boolean> {
    return (await this.repository.findByIds([id], db)).length > 0;
  }

  /**
   * Live entries for the sitemap and feeds, newest first: a type's (none
   * for an unknown type) or all, a locale's or all; noIndex ones left out
   * when `indexableOnly`.
   */
  async feedItems(filter: { contentType: string | null; locale: string | null; limit: number; indexableOnly: boolean }): Promise<FeedItem[]> {
    let contentTypeId: string | null = null;
    if (filter.contentType) {
      const [type] = await this.contentTypesNamed(filter.contentType);
      if (!type) return [];
      contentTypeId = type.id;
    }
    const rows = await liveEntries(this.dataSource, { contentTypeId, locale: filter.locale, limit: filter.limit });
    const types = new Map((await this.contentTypes.findByIds(rows.map((r) => r.contentTypeId))).map((t) => [t.id, t.apiId]));
    return rows
      .filter((r) => !(filter.indexableOnly && r.seo.noIndex === true))
      .map((r) => ({
        id: r.id,
        contentType: types.get(r.contentTypeId)!,
        locale: r.locale,
        slug: r.slug,
        title: r.title,
        description: typeof r.seo.description === 'string' ? r.seo.description : null,
        canonicalUrl: typeof r.seo.canonicalUrl === 'string' ? r.seo.canonicalUrl : null,
        publishedAt: r.publishedAt,
        updatedAt: r.updatedAt,
      }));
  }

  /** The live entry of a type with this slug in the first of `locales` that has one; undefined when none (or no such type). */
  async findPublishedBySlug(contentType: string, slug: string, locales: readonly string[]): Promise<EntryRow | undefined> {
    const [type] = await this.contentTypesNamed(contentType);
    return type ? this.repository.findPublishedBySlug(type.id, slug, locales) : undefined;
  }

  /** A type's live entries in a locale, newest published first; an unknown type has none. */
  async listPublished(contentType: string, locale: string, first: number, after?: string | null): Promise<Page<EntryRow>> {
    const [type] = await this.contentTypesNamed(contentType);
    return type ? this.repository.listPublished(type.id, locale, first, after) : { nodes: [], hasNextPage: false };
  }

  private async contentTypesNamed(apiId: string): Promise<ContentTypeRow[]> {
    try {
      return [await this.contentTypes.getByApiId(apiId)];
    } catch (err) {
      if (err instanceof DomainError && err.extensions.code === 'NOT_FOUND') return [];
      throw err;
    }
  }

  private async lock(manager: EntityManager, id: string): Promise<EntryRow> {
    const entry = await this.repository.lockIn(manager, id);
    if (!entry) throw notFound('Entry', id);
    return entry;
  }

  private async lockWithDraft(manager: EntityManager, id: string): Promise<{ entry: EntryRow; type: ContentTypeRow; draft: VersionRow }> {
    const entry = await this.lock(manager, id);
    const [typeRow] = await this.contentTypes.findByIds([entry.contentTypeId]);
    const type = await this.contentTypes.lockForEntryIn(manager, typeRow.apiId);
    const draft = await this.repository.versionIn(manager, id, entry.draftVersion);
    if (!draft) throw new Error(`entry ${id} has no version ${entry.draftVersion}`);
    return { entry, type, draft };
  }

  private async saveDraftIn(
    manager: EntityManager,
    entry: EntryRow,
    next: Draft,
    changed: string[],
    revertedFrom: number | null,
    actor?: Identity,
  ): Promise<EntryRow> {
    const version = entry.draftVersion + 1;
    await this.repository.insertVersionIn(manager, {
      entryId: entry.id,
      version,
      ...next,
      changedFields: changed,
      revertedFrom,
      createdBy: actor?.sub ?? null,
    });
    const row = await this.repository.setDraftIn(manager, entry.id, version, next.slug);
    if (revertedFrom !== null) await this.audit.record(manager, actor, 'revertEntry', entry.id, { to: revertedFrom, version });
    return row;
  }

  /**
   * The draft against its type (fields, references, unique values) and its
   * slug against the other entries of the type and locale. Checks that read
   * other entries run under the type-and-locale lock, so two saves cannot
   * both take a slug or a unique value.
   */
  private async checkDraftIn(manager: EntityManager, type: ContentTypeRow, locale: string, draft: Draft, entryId: string | null): Promise<void> {
    const check = checkData(type.fields, draft.data);
    const problems: Record<string, string[]> = Object.fromEntries(Object.entries(check.problems).map(([f, p]) => [`data.${f}`, p]));
    if (check.references.length) {
      const found = new Map(
        (
          await this.repository.referencedIn(
            manager,
            check.references.map((r) => r.id),
          )
        ).map((r) => [r.id, r.contentTypeId]),
      );
      const typeIds = new Map((await this.contentTypes.findByIds([...found.values()])).map((t) => [t.id, t.apiId]));
      for (const ref of check.references) {
        const typeId = found.get(ref.id);
        if (!typeId) (problems[`data.${ref.field}`] ??= []).push(`entry ${ref.id} does not exist`);
        else if (typeIds.get(typeId) !== ref.type)
          (problems[`data.${ref.field}`] ??= []).push(`entry ${ref.id} is a ${typeIds.get(typeId)}, not a ${ref.type}`);
      }
    }
    if (check.assets.length) {
      const missing = new Set(
        await this.assets.missingIn(
          manager,
          check.assets.map((a) => a.id),
        ),
      );
      for (const asset of check.assets) if (missing.has(asset.id)) (problems[`data.${asset.field}`] ??= []).push(`asset ${asset.id} does not exist`);
    }
    if (Object.keys(problems).length) {
      throw badUserInput(
        `The entry does not fit ${type.apiId}: ${Object.entries(problems)
          .map(([f, p]) => `${f} ${p.join('; ')}`)
          .join(', ')}`,
        problems,
      );
    }
    await this.repository.lockSlugsIn(manager, type.id, locale);
    const holder = await this.repository.slugHolderIn(manager, type.id, locale, draft.slug, entryId);
    if (holder) throw slugTaken(draft.slug, locale, holder);
    for (const field of type.fields.filter((f) => f.unique)) {
      const value = draft.data[field.apiId];
      if (value === undefined || value === null || value === '') continue;
      const other = await this.repository.valueHolderIn(manager, type.id, locale, field.apiId, value, entryId);
      if (other)
        throw conflict(`Another ${type.apiId} entry in ${locale} (${other}) already has this ${field.apiId}`, { existingId: other, field: field.apiId });
    }
  }
}

const slugTaken = (slug: string, locale: string, holder: string) =>
  new DomainError(CmsErrorCode.SlugTaken, `Slug "${slug}" is already used in ${locale} by entry ${holder}: choose another`, { entryId: holder, slug });
