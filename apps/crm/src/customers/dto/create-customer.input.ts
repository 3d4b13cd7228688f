import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, Matches, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';
import { CustomerKind } from '../customer.model';
import { DOMAIN, DOMAIN_MESSAGE, PHONE, PHONE_MESSAGE, trimLower } from './validation';

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

  @Field(() => CustomerKind, { nullable: true, description: 'ORGANISATION unless given.' })
  @IsOptional()
  @IsEnum(CustomerKind)
  kind?: CustomerKind | null;

  @Field(() => String, { nullable: true, description: 'Web domain, e.g. acme.com.' })
  @Transform(trimLower)
  @IsOptional()
  @Matches(DOMAIN, { message: DOMAIN_MESSAGE })
  domain?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => String, { nullable: true, description: 'Owning user; the caller unless given.' })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'ownerId must not be empty' })
  @MaxLength(200)
  ownerId?: string | null;
}
