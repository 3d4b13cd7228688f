import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, Matches, Max, MaxLength, Min } from 'class-validator';
import { inputField, TextUpToField } from '@platform/graphql';
import { API_ID } from '../../shared/api-id';
import { SLUG } from '../../shared/fields';
import { LOCALE } from '../../shared/locales';

const TYPE_MESSAGE = '$property must be a content type apiId, e.g. blogPost';
const LOCALE_MESSAGE = '$property must be a locale tag such as en or de-AT';

@ArgsType()
export class PublishedEntryArgs {
  @inputField(() => String, {}, Matches(API_ID, { message: TYPE_MESSAGE }))
  contentType: string;

  @inputField(() => String, {}, MaxLength(200), Matches(SLUG, { message: '$property must be a slug' }))
  slug: string;

  @inputField(
    () => String,
    { optional: true, description: 'Falls back to shorter tags, then the default locale.' },
    Matches(LOCALE, { message: LOCALE_MESSAGE }),
  )
  locale?: string | null;
}

@ArgsType()
export class PublishedEntriesArgs {
  @inputField(() => String, {}, Matches(API_ID, { message: TYPE_MESSAGE }))
  contentType: string;

  @inputField(() => String, { optional: true, description: 'The default locale when left out.' }, Matches(LOCALE, { message: LOCALE_MESSAGE }))
  locale?: string | null;

  @Field(() => Int, { defaultValue: 20, description: 'Page size, 1 to 100.' })
  @IsInt()
  @Min(1)
  @Max(100)
  first = 20;

  @TextUpToField(500, { optional: true, isString: true })
  after?: string | null;
}
