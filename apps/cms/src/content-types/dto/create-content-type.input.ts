import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsBoolean, Matches } from 'class-validator';
import { NestedField, TextField } from '@platform/graphql';
import { API_ID } from '../../shared/api-id';
import { FieldDefinitionInput } from './field-definition.input';

export { API_ID };

@InputType()
export class CreateContentTypeInput {
  @Field({ description: 'camelCase identifier, 2 to 64 characters, e.g. "blogPost".' })
  @Matches(API_ID, { message: 'apiId must be camelCase letters and digits, 2 to 64 characters, e.g. blogPost' })
  apiId: string;

  @TextField(200, { emptyMessage: 'name must not be empty' })
  name: string;

  @NestedField(FieldDefinitionInput, { list: true, optional: true, description: 'The fields entries fill in; none by default.' }, ArrayMaxSize(100))
  fields?: FieldDefinitionInput[] | null;

  @Field({ defaultValue: false, description: "Entries need a reviewer's approval before they can be published." })
  @IsBoolean()
  reviewRequired: boolean;
}
