import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, MaxLength } from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class CreateCustomerInput {
  @Field({ description: 'Display name, 1 to 200 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name: string;

  @Field({ description: 'Contact email; unique across customers, compared case-insensitively.' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address such as ops@example.com' })
  @MaxLength(320)
  email: string;
}
