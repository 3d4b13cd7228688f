import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsNotEmpty, Matches, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';

@InputType()
export class CreateContentTypeInput {
  @Field({ description: 'camelCase identifier, 2 to 64 characters, e.g. "blogPost".' })
  @Matches(/^[a-z][a-zA-Z0-9]{1,63}$/, { message: 'apiId must be camelCase letters and digits, 2 to 64 characters, e.g. blogPost' })
  apiId: string;

  @Field()
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name: string;
}
