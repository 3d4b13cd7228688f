import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { Seo } from '../entries/entry.model';
import { JSONValue } from '../shared/json.scalar';

@ObjectType({ description: 'An entry another one references, as delivered with it.' })
export class ReferencedEntry {
  @Field(() => ID)
  id: string;

  @Field()
  contentType: string;

  @Field()
  locale: string;

  @Field()
  slug: string;

  @Field()
  title: string;

  @Field(() => JSONValue, { description: 'Its field values; its own references stay ids.' })
  data: Record<string, unknown>;
}

@ObjectType({ description: 'Content as visitors get it: rich text rendered to sanitised HTML, references resolved, defaults filled in.' })
export class PublishedEntry {
  @Field(() => ID)
  id: string;

  @Field()
  contentType: string;

  @Field({ description: 'The locale served: the one asked for, or the first of its fallbacks that has the entry.' })
  locale: string;

  @Field()
  slug: string;

  @Field()
  title: string;

  @Field(() => Int)
  version: number;

  @Field(() => Date, { nullable: true, description: 'Null for a preview of a draft.' })
  publishedAt: Date | null;

  @Field()
  updatedAt: Date;

  @Field(() => Seo)
  seo: Seo;

  @Field(() => JSONValue, { description: 'Field values by apiId: rich text as { html, document }, references as entries, assets as { id, url }.' })
  data: Record<string, unknown>;

  @Field(() => [ReferencedEntry], { description: 'The entries its fields reference (live ones only, unless previewing).' })
  references: ReferencedEntry[];

  @Field({ description: 'Changes whenever what is delivered changes: use it as a cache validator.' })
  etag: string;
}

@ObjectType()
export class PublishedEntryConnection extends Connection(PublishedEntry) {}
