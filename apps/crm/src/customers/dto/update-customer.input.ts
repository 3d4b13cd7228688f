import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, Matches, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '@platform/graphql';
import { CustomerKind } from '../customer.model';
import { DOMAIN, DOMAIN_MESSAGE, PHONE, PHONE_MESSAGE, trimLower } from './validation';

/** Fields left out stay as they are; null clears an optional field (domain, phone, ownerId). */
@InputType()
export class UpdateCustomerInput {
  @Field(() => String, { nullable: true })
  @Transform(trim)
  @ValidateIf((o: UpdateCustomerInput) => o.name !== undefined)
  @IsNotEmpty({ message: 'name must not be empty' })
  @MaxLength(200)
  name?: string;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @ValidateIf((o: UpdateCustomerInput) => o.email !== undefined)
  @IsEmail({}, { message: 'email must be an email address such as ops@example.com' })
  @MaxLength(320)
  email?: string;

  @Field(() => CustomerKind, { nullable: true })
  @ValidateIf((o: UpdateCustomerInput) => o.kind !== undefined)
  @IsEnum(CustomerKind, { message: 'kind must be ORGANISATION or INDIVIDUAL' })
  kind?: CustomerKind;

  @Field(() => String, { nullable: true })
  @Transform(trimLower)
  @IsOptional()
  @Matches(DOMAIN, { message: DOMAIN_MESSAGE })
  domain?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'ownerId must not be empty' })
  @MaxLength(200)
  ownerId?: string | null;
}
