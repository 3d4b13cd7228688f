import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';

@InputType()
export class CreateEmailTemplateInput {
  @Field({ description: 'Unique name (case-insensitive), 1 to 200 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @Field({ description: 'Subject line, 1 to 300 characters; placeholders allowed.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'subject must not be empty' })
  @MaxLength(300)
  subject: string;

  @Field({ description: 'Plain-text body, 1 to 100000 characters; placeholders allowed.' })
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(100000)
  body: string;
}
