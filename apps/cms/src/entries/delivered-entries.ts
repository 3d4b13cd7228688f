import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Queryable } from '@platform/database';
import { SERVICE_CONFIG } from '@platform/service';
import { ContentTypesService } from '../content-types/content-types.service';
import type { ContentTypeRow } from '../content-types/content-types.repository';
import { type FieldDefinition, FieldKind, withDefaults } from '../shared/fields';
import { renderRichText, type RichTextDocument } from '../shared/rich-text';
import { type EntryRow, EntriesRepository, type VersionRow } from './entries.repository';

/** Which version of each entry (and of what it references) to deliver. */
export type Mode = 'published' | 'draft';

export interface ReferenceSummary {
  id: string;
  contentType: string;
  locale: string;
  slug: string;
  title: string;
  data: Record<string, unknown>;
}

/** An entry as a frontend gets it: rich text rendered (sanitised), references resolved, defaults filled in. */
export interface DeliveredEntry {
  id: string;
  contentType: string;
  locale: string;
  slug: string;
  title: string;
  version: number;
  publishedAt: Date | null;
  updatedAt: Date;
  seo: { title: string | null; description: string | null; canonicalUrl: string | null; noIndex: boolean };
  data: Record<string, unknown>;
  references: ReferenceSummary[];
  /** Changes whenever what is delivered may change: a cache validator. */
  etag: string;
}

const versionOf = (entry: EntryRow, mode: Mode) => (mode === 'published' ? entry.publishedVersion : entry.draftVersion);

/**
 * Builds delivered entries for a batch in a fixed number of statements
 * whatever its size: the entries' versions, the entries they reference with
 * those entries' versions, and the content types (one query each).
 * References resolve one level deep; a reference's own references stay ids.
 * In published mode a reference to an entry that is not live is null.
 */
@Injectable()
export class DeliveredEntries {
  constructor(
    private readonly repository: EntriesRepository,
    private readonly contentTypes: ContentTypesService,
    @Inject(SERVICE_CONFIG) private readonly config: { CMS_PUBLIC_URL: string },
  ) {}

  /**
   * Each version's own rendering (rich text to sanitised HTML, defaults,
   * assets; references left as ids), by entry, version and type change. A
   * version never changes once saved, so an entry read again costs no
   * rendering; the oldest are dropped past the limit.
   */
  private readonly rendered = new Map<string, Record<string, unknown>>();
  private static readonly RENDERED_LIMIT = 10_000;

  assetUrl = (id: string) => `${this.config.CMS_PUBLIC_URL}/cms/public/assets/${id}`;

  async build(entries: readonly EntryRow[], mode: Mode, db?: Queryable): Promise<DeliveredEntry[]> {
    const live = entries.filter((e) => versionOf(e, mode) !== null);
    const versions = await this.repository.versionsByKeys(
      live.map((e) => ({ entryId: e.id, version: versionOf(e, mode)! })),
      db,
    );
    const types = new Map((await this.contentTypes.findByIds(live.map((e) => e.contentTypeId))).map((t) => [t.id, t]));
    const versionByEntry = new Map(versions.map((v) => [v.entryId, v]));

    const referenceIds = new Set<string>();
    for (const entry of live) {
      const type = types.get(entry.contentTypeId)!;
      collectReferences(type.fields, versionByEntry.get(entry.id)!.data, referenceIds);
    }
    const referencedEntries = (await this.repository.findByIds([...referenceIds], db)).filter((e) => versionOf(e, mode) !== null);
    const referencedVersions = await this.repository.versionsByKeys(
      referencedEntries.map((e) => ({ entryId: e.id, version: versionOf(e, mode)! })),
      db,
    );
    for (const t of await this.contentTypes.findByIds(referencedEntries.map((e) => e.contentTypeId).filter((id) => !types.has(id)))) types.set(t.id, t);
    const referencedVersionByEntry = new Map(referencedVersions.map((v) => [v.entryId, v]));
    const summaries = new Map<string, ReferenceSummary>();
    for (const e of referencedEntries) {
      const type = types.get(e.contentTypeId)!;
      const v = referencedVersionByEntry.get(e.id)!;
      summaries.set(e.id, { id: e.id, contentType: type.apiId, locale: e.locale, slug: v.slug, title: v.title, data: this.own(e.id, type, v) });
    }

    return live.map((entry) => {
      const type = types.get(entry.contentTypeId)!;
      const v = versionByEntry.get(entry.id)!;
      const used = new Set<string>();
      collectReferences(type.fields, v.data, used);
      return this.deliver(
        entry,
        type,
        v,
        mode,
        summaries,
        [...used].map((id) => summaries.get(id)).filter((s): s is ReferenceSummary => !!s),
      );
    });
  }

  private deliver(
    entry: EntryRow,
    type: ContentTypeRow,
    v: VersionRow,
    mode: Mode,
    summaries: Map<string, ReferenceSummary>,
    references: ReferenceSummary[],
  ): DeliveredEntry {
    const seo = v.seo as Partial<DeliveredEntry['seo']>;
    return {
      id: entry.id,
      contentType: type.apiId,
      locale: entry.locale,
      slug: v.slug,
      title: v.title,
      version: v.version,
      publishedAt: mode === 'published' ? entry.publishedAt : null,
      updatedAt: entry.updatedAt,
      seo: { title: seo.title ?? null, description: seo.description ?? null, canonicalUrl: seo.canonicalUrl ?? null, noIndex: seo.noIndex ?? false },
      data: withReferences(type.fields, this.own(entry.id, type, v), summaries),
      references,
      etag: `"${createHash('sha1')
        .update(
          [entry.id, v.version, type.updatedAt.toISOString(), ...references.map((r) => `${r.id}:${r.slug}:${r.title}:${JSON.stringify(r.data)}`)].join('|'),
        )
        .digest('base64url')}"`,
    };
  }

  private own(entryId: string, type: ContentTypeRow, v: VersionRow): Record<string, unknown> {
    const key = `${entryId}@${v.version}@${type.updatedAt.getTime()}`;
    let data = this.rendered.get(key);
    if (data) {
      this.rendered.delete(key);
    } else {
      data = this.render(type.fields, v.data);
      if (this.rendered.size >= DeliveredEntries.RENDERED_LIMIT) this.rendered.delete(this.rendered.keys().next().value!);
    }
    this.rendered.set(key, data);
    return data;
  }

  /** Field values for a frontend, references left as ids. */
  private render(fields: readonly FieldDefinition[], data: Record<string, unknown>): Record<string, unknown> {
    const values = withDefaults(fields, data);
    const one = (kind: FieldKind, value: unknown): unknown => {
      if (value === null || value === undefined) return null;
      switch (kind) {
        case FieldKind.RICH_TEXT:
          return { html: renderRichText(value as RichTextDocument, this.assetUrl), document: value };
        case FieldKind.ASSET:
          return { id: value, url: this.assetUrl(value as string) };
        default:
          return value;
      }
    };
    return Object.fromEntries(
      fields.map((f) => {
        const value = values[f.apiId];
        if (f.kind === FieldKind.LIST)
          return [f.apiId, Array.isArray(value) ? value.map((item) => one(f.itemKind!, item)).filter((item) => item !== null) : []];
        return [f.apiId, one(f.kind, value)];
      }),
    );
  }
}

/** A rendered version with its reference fields replaced by the entries they name (null, or left out of a list, when not delivered). */
function withReferences(fields: readonly FieldDefinition[], own: Record<string, unknown>, summaries: Map<string, ReferenceSummary>): Record<string, unknown> {
  const data = { ...own };
  for (const f of fields) {
    const value = own[f.apiId];
    if (f.kind === FieldKind.REFERENCE) data[f.apiId] = typeof value === 'string' ? (summaries.get(value) ?? null) : null;
    if (f.kind === FieldKind.LIST && f.itemKind === FieldKind.REFERENCE && Array.isArray(value)) {
      data[f.apiId] = value.map((id) => summaries.get(id as string)).filter((s): s is ReferenceSummary => !!s);
    }
  }
  return data;
}

function collectReferences(fields: readonly FieldDefinition[], data: Record<string, unknown>, into: Set<string>): void {
  for (const f of fields) {
    const value = data[f.apiId];
    if (f.kind === FieldKind.REFERENCE && typeof value === 'string') into.add(value);
    if (f.kind === FieldKind.LIST && f.itemKind === FieldKind.REFERENCE && Array.isArray(value))
      for (const id of value) if (typeof id === 'string') into.add(id);
  }
}
