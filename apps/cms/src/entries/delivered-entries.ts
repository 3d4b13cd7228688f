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

  assetUrl = (id: string) => `${this.config.CMS_PUBLIC_URL}/cms/public/assets/${id}`;

  async build(entries: readonly EntryRow[], mode: Mode, db?: Queryable): Promise<DeliveredEntry[]> {
    const live = entries.filter((e) => versionOf(e, mode) !== null);
    const versions = await this.repository.versionsByKeys(live.map((e) => ({ entryId: e.id, version: versionOf(e, mode)! })), db);
    const types = new Map((await this.contentTypes.findByIds(live.map((e) => e.contentTypeId))).map((t) => [t.id, t]));
    const versionByEntry = new Map(versions.map((v) => [v.entryId, v]));

    const referenceIds = new Set<string>();
    for (const entry of live) {
      const type = types.get(entry.contentTypeId)!;
      collectReferences(type.fields, versionByEntry.get(entry.id)!.data, referenceIds);
    }
    const referencedEntries = (await this.repository.findByIds([...referenceIds], db)).filter((e) => versionOf(e, mode) !== null);
    const referencedVersions = await this.repository.versionsByKeys(referencedEntries.map((e) => ({ entryId: e.id, version: versionOf(e, mode)! })), db);
    for (const t of await this.contentTypes.findByIds(referencedEntries.map((e) => e.contentTypeId).filter((id) => !types.has(id)))) types.set(t.id, t);
    const referencedVersionByEntry = new Map(referencedVersions.map((v) => [v.entryId, v]));
    const summaries = new Map<string, ReferenceSummary>();
    for (const e of referencedEntries) {
      const type = types.get(e.contentTypeId)!;
      const v = referencedVersionByEntry.get(e.id)!;
      summaries.set(e.id, { id: e.id, contentType: type.apiId, locale: e.locale, slug: v.slug, title: v.title, data: this.render(type.fields, v.data, null) });
    }

    return live.map((entry) => {
      const type = types.get(entry.contentTypeId)!;
      const v = versionByEntry.get(entry.id)!;
      const used = new Set<string>();
      collectReferences(type.fields, v.data, used);
      return this.deliver(entry, type, v, mode, summaries, [...used].map((id) => summaries.get(id)).filter((s): s is ReferenceSummary => !!s));
    });
  }

  private deliver(entry: EntryRow, type: ContentTypeRow, v: VersionRow, mode: Mode, summaries: Map<string, ReferenceSummary>, references: ReferenceSummary[]): DeliveredEntry {
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
      data: this.render(type.fields, v.data, summaries),
      references,
      etag: `"${createHash('sha1')
        .update([entry.id, v.version, type.updatedAt.toISOString(), ...references.map((r) => `${r.id}:${r.slug}:${r.title}:${JSON.stringify(r.data)}`)].join('|'))
        .digest('base64url')}"`,
    };
  }

  /** Field values for a frontend; `summaries` null leaves references as ids (a reference's own references). */
  private render(fields: readonly FieldDefinition[], data: Record<string, unknown>, summaries: Map<string, ReferenceSummary> | null): Record<string, unknown> {
    const values = withDefaults(fields, data);
    const one = (field: FieldDefinition, kind: FieldKind, value: unknown): unknown => {
      if (value === null || value === undefined) return null;
      switch (kind) {
        case FieldKind.RICH_TEXT:
          return { html: renderRichText(value as RichTextDocument, this.assetUrl), document: value };
        case FieldKind.REFERENCE:
          return summaries ? (summaries.get(value as string) ?? null) : value;
        case FieldKind.ASSET:
          return { id: value, url: this.assetUrl(value as string) };
        default:
          return value;
      }
    };
    return Object.fromEntries(
      fields.map((f) => {
        const value = values[f.apiId];
        if (f.kind === FieldKind.LIST) return [f.apiId, Array.isArray(value) ? value.map((item) => one(f, f.itemKind!, item)).filter((item) => item !== null) : []];
        return [f.apiId, one(f, f.kind, value)];
      }),
    );
  }
}

function collectReferences(fields: readonly FieldDefinition[], data: Record<string, unknown>, into: Set<string>): void {
  for (const f of fields) {
    const value = data[f.apiId];
    if (f.kind === FieldKind.REFERENCE && typeof value === 'string') into.add(value);
    if (f.kind === FieldKind.LIST && f.itemKind === FieldKind.REFERENCE && Array.isArray(value)) for (const id of value) if (typeof id === 'string') into.add(id);
  }
}
