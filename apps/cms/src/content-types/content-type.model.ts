import { Field, Float, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '@platform/graphql';
import { FieldKind } from '../shared/fields';
import { JSONValue } from '../shared/json.scalar';

registerEnumType(FieldKind, { name: 'FieldKind', description: 'What a field of a content type holds.' });

@ObjectType({ description: 'A field of a content type and the rules its values follow.' })
export class FieldDefinitionModel {
  @Field({ description: 'camelCase key of the value in entry data.' })
  apiId: string;

  @Field()
  name: string;

  @Field(() => FieldKind)
  kind: FieldKind;

  @Field()
  required: boolean;

  @Field({ description: 'No two entries of the type and locale hold the same value.' })
  unique: boolean;

  @Field(() => Int, { nullable: true, description: 'Text: fewest characters; LIST: fewest items.' })
  minLength: number | null;

  @Field(() => Int, { nullable: true, description: 'Text: most characters; LIST: most items.' })
  maxLength: number | null;

  @Field(() => Float, { nullable: true })
  min: number | null;

  @Field(() => Float, { nullable: true })
  max: number | null;

  @Field(() => [String], { nullable: true, description: 'ENUM: the allowed values.' })
  values: string[] | null;

  @Field(() => String, { nullable: true, description: 'REFERENCE: the apiId of the content type referenced.' })
  referenceType: string | null;

  @Field(() => FieldKind, { nullable: true, description: 'LIST: the kind of its items.' })
  itemKind: FieldKind | null;

  @Field(() => JSONValue, { nullable: true, description: 'The value used where an entry has none.' })
  defaultValue: unknown;
}

@ObjectType({ description: 'A content model that entries follow, e.g. "article".' })
export class ContentType {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Stable identifier used by API clients, e.g. "blogPost".' })
  apiId: string;

  @Field()
  name: string;

  @Field(() => [FieldDefinitionModel])
  fields: FieldDefinitionModel[];

  @Field({ description: 'Entries go draft → in review → approved before they can be published.' })
  reviewRequired: boolean;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class ContentTypeConnection extends Connection(ContentType) {}
