import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsUUID, Matches, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';
import { PHONE, PHONE_MESSAGE } from '../../customers/dto/validation';

@InputType()
export class CreateContactInput {
  @Field({ description: '1 to 100 characters.' })
  @Transform(trim)
  @IsNotEmpty({ message: 'firstName must not be empty' })
  @MaxLength(100)
  firstName: string;

  @Field(() => String, { nullable: true, description: 'Up to 100 characters.' })
  @Transform(trim)
  @IsOptional()
  @MaxLength(100)
  lastName?: string | null;

  @Field(() => String, { nullable: true, description: 'Unique across contacts, compared case-insensitively.' })
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

  @Field(() => String, { nullable: true, description: 'Job title, up to 200 characters.' })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'title must not be empty' })
  @MaxLength(200)
  title?: string | null;

  @Field(() => ID, { nullable: true, description: 'The customer this person belongs to.' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a customer id' })
  customerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Owning user; the caller unless given.' })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'ownerId must not be empty' })
  @MaxLength(200)
  ownerId?: string | null;
}
