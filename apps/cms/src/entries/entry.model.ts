import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { JSONValue } from '../shared/json.scalar';

/** Where an entry stands in review (types without review stay DRAFT until published). */
export enum ReviewState {
  DRAFT = 'DRAFT',
  IN_REVIEW = 'IN_REVIEW',
  APPROVED = 'APPROVED',
}
registerEnumType(ReviewState, { name: 'ReviewState' });

/** What visitors see of an entry. */
export enum PublicationStatus {
  /** Never published, or unpublished. */
  DRAFT = 'DRAFT',
  /** Live, and the draft is the live version. */
  PUBLISHED = 'PUBLISHED',
  /** Live, with a newer draft not yet published. */
  CHANGED = 'CHANGED',
}
registerEnumType(PublicationStatus, { name: 'PublicationStatus' });

@ObjectType({ description: 'SEO fields of an entry version.' })
export class Seo {
  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => String, { nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true })
  canonicalUrl: string | null;

  @Field({ description: 'Kept out of the sitemap and asks search engines not to index it.' })
  noIndex: boolean;
}

@ObjectType({ description: 'One saved state of an entry: every save is a version.' })
export class EntryVersion {
  @Field(() => Int)
  version: number;

  @Field()
  title: string;

  @Field()
  slug: string;

  @Field(() => Seo)
  seo: Seo;

  @Field(() => JSONValue, { description: 'Field values as saved (rich text as its document, references as ids).' })
  data: Record<string, unknown>;

  @Field(() => [String], { description: 'What this save changed: field apiIds, and title, slug or seo.' })
  changedFields: string[];

  @Field(() => Int, { nullable: true, description: 'The version this one restored, when it is a revert.' })
  revertedFrom: number | null;

  @Field(() => String, { nullable: true })
  createdBy: string | null;

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'A piece of content in one locale, with its draft and its live version.' })
export class Entry {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'Shared by the variants of one piece of content in several locales.' })
  groupId: string;

  @Field()
  locale: string;

  @Field(() => PublicationStatus)
  status: PublicationStatus;

  @Field(() => ReviewState)
  reviewState: ReviewState;

  @Field(() => String, { nullable: true, description: 'Who approved the draft, while it is approved.' })
  approvedBy: string | null;

  @Field(() => Int)
  draftVersion: number;

  @Field(() => Int, { nullable: true })
  publishedVersion: number | null;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType({ description: 'Two versions of an entry side by side.' })
export class VersionComparison {
  @Field(() => EntryVersion)
  from: EntryVersion;

  @Field(() => EntryVersion)
  to: EntryVersion;

  @Field(() => [String], { description: 'Field apiIds (and title, slug, seo) whose values differ.' })
  changedFields: string[];
}

@ObjectType()
export class EntryConnection extends Connection(Entry) {}
