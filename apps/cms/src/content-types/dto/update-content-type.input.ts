import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, Matches } from 'class-validator';
import { inputField, NestedField, TextField } from '@platform/graphql';
import { API_ID } from '../../shared/api-id';
import { FieldDefinitionInput } from './field-definition.input';

/** What is left out stays as it is; `fields` replaces the whole list. */
@InputType()
export class UpdateContentTypeInput {
  @Field({ description: 'The content type to change.' })
  @Matches(API_ID, { message: 'apiId must be camelCase letters and digits, 2 to 64 characters, e.g. blogPost' })
  apiId: string;

  @TextField(200, { optional: 'not-null' })
  name?: string;

  @NestedField(FieldDefinitionInput, { list: true, optional: 'not-null', description: 'The new list of fields, in order.' }, ArrayMaxSize(100))
  fields?: FieldDefinitionInput[];

  @inputField(() => Boolean, { optional: 'not-null' }, IsBoolean())
  reviewRequired?: boolean;
}
