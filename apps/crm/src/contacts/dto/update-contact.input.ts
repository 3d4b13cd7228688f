import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '@platform/graphql';
import { PHONE, PHONE_MESSAGE } from '../../customers/dto/validation';

/** Fields left out stay as they are; null clears an optional one (email, phone, title, customerId, ownerId). */
@InputType()
export class UpdateContactInput {
  @Field(() => String, { nullable: true })
  @Transform(trim)
  @ValidateIf((o: UpdateContactInput) => o.firstName !== undefined)
  @IsNotEmpty({ message: 'firstName must not be empty' })
  @MaxLength(100)
  firstName?: string;

  @Field(() => String, { nullable: true, description: 'null or "" clears it.' })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address such as ada@example.com' })
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200)
  title?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a customer id' })
  customerId?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'ownerId must not be empty' })
  @MaxLength(200)
  ownerId?: string | null;
}
