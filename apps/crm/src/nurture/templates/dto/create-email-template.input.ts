import { Field, InputType } from '@nestjs/graphql';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { NameField, SubjectField } from '../../../shared/input-fields';

@InputType()
export class CreateEmailTemplateInput {
  @NameField({ description: 'Unique name (case-insensitive), 1 to 200 characters.' })
  name: string;

  @SubjectField({ description: 'Subject line, 1 to 300 characters; placeholders allowed.' })
  subject: string;

  @Field({ description: 'Plain-text body, 1 to 100000 characters; placeholders allowed.' })
  @IsString()
  @IsNotEmpty({ message: 'body must not be empty' })
  @MaxLength(100000)
  body: string;
}
