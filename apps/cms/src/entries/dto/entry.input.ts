import { Field, InputType, Int, ArgsType } from '@nestjs/graphql';
import { IsBoolean, IsInt, IsUrl, Matches, Max, MaxLength, Min } from 'class-validator';
import { inputField, NestedField, RecordIdField, TextField, TextUpToField } from '@platform/graphql';
import { API_ID } from '../../shared/api-id';
import { SLUG } from '../../shared/fields';
import { JSONValue } from '../../shared/json.scalar';
import { IsJsonValue } from '../../shared/json-input';
import { LOCALE } from '../../shared/locales';

const SLUG_MESSAGE = '$property must be lowercase letters, digits and single hyphens, e.g. spring-launch';
/** An entry's data is bounded at the edge; its content type says what it may hold. */
export const MAX_DATA_BYTES = 512 * 1024;

@InputType()
export class SeoInput {
  @TextUpToField(200, { optional: true, trim: true })
  title?: string | null;

  @TextUpToField(500, { optional: true, trim: true })
  description?: string | null;

  @inputField(
    () => String,
    { optional: true },
    IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: '$property must be an http(s) URL' }),
  )
  canonicalUrl?: string | null;

  @Field({ defaultValue: false })
  @IsBoolean()
  noIndex: boolean;
}

@InputType()
export class CreateEntryInput {
  @inputField(
    () => String,
    { description: 'apiId of the content type.' },
    Matches(API_ID, { message: '$property must be a content type apiId, e.g. blogPost' }),
  )
  contentType: string;

  @inputField(() => String, { description: 'e.g. en, de-AT.' }, Matches(LOCALE, { message: '$property must be a locale tag such as en or de-AT' }))
  locale: string;

  @TextField(300)
  title: string;

  @inputField(() => String, { optional: true, description: 'Made from the title when left out.' }, MaxLength(200), Matches(SLUG, { message: SLUG_MESSAGE }))
  slug?: string | null;

  @inputField(() => JSONValue, { description: 'Field values by apiId, checked against the content type.' }, IsJsonValue(MAX_DATA_BYTES, true))
  data: Record<string, unknown>;

  @NestedField(SeoInput, { optional: true })
  seo?: SeoInput | null;

  @RecordIdField('Entry', { optional: true, description: 'An entry this one is the variant of in another locale.' })
  variantOf?: string | null;
}

/** What is left out stays as it is; data replaces the whole set of values. */
@InputType()
export class UpdateEntryInput {
  @RecordIdField('Entry')
  id: string;

  @TextField(300, { optional: 'not-null' })
  title?: string;

  @inputField(() => String, { optional: 'not-null' }, MaxLength(200), Matches(SLUG, { message: SLUG_MESSAGE }))
  slug?: string;

  @inputField(() => JSONValue, { optional: 'not-null' }, IsJsonValue(MAX_DATA_BYTES, true))
  data?: Record<string, unknown>;

  @NestedField(SeoInput, { optional: 'not-null' })
  seo?: SeoInput;
}

@ArgsType()
export class EntryVersionArgs {
  @RecordIdField('Entry')
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  version: number;
}

@ArgsType()
export class CompareVersionsArgs {
  @RecordIdField('Entry')
  id: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  from: number;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  to: number;
}

@ArgsType()
export class EntryVersionsArgs {
  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 20;

  @inputField(() => Int, { optional: true, description: 'Versions older than this one.' }, IsInt(), Min(1))
  before?: number | null;
}

@ArgsType()
export class EntriesArgs {
  @inputField(() => String, {}, Matches(API_ID, { message: '$property must be a content type apiId, e.g. blogPost' }))
  contentType: string;

  @inputField(() => String, { optional: true }, Matches(LOCALE, { message: '$property must be a locale tag such as en or de-AT' }))
  locale?: string | null;

  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 20;

  @TextUpToField(500, { optional: true, isString: true })
  after?: string | null;
}
