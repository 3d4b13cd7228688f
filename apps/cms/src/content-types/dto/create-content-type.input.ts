import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsNotEmpty, Matches, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';

/** An apiId: camelCase letters and digits, 2 to 64 characters. */
export const API_ID = /^[a-z][a-zA-Z0-9]{1,63}$/;

@InputType()
export class CreateContentTypeInput {
  @Field({ description: 'camelCase identifier, 2 to 64 characters, e.g. "blogPost".' })
  @Matches(API_ID, { message: 'apiId must be camelCase letters and digits, 2 to 64 characters, e.g. blogPost' })
  apiId: string;

  @Field()
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name: string;
}
