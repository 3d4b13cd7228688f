import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { trim } from '@platform/graphql';
import { PHONE, PHONE_MESSAGE } from '../../customers/dto/validation';
import { LeadSource } from '../lead.model';

@InputType()
export class CreateLeadInput {
  @Field({ description: 'One lead per email, compared case-insensitively.' })
  @Transform(trim)
  @IsEmail({}, { message: 'email must be an email address such as ada@example.com' })
  @MaxLength(320)
  email: string;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsString()
  @MaxLength(100)
  lastName?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'company must not be empty' })
  @MaxLength(200)
  company?: string | null;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @Matches(PHONE, { message: PHONE_MESSAGE })
  phone?: string | null;

  @Field(() => LeadSource, { nullable: true, description: 'MANUAL unless given.' })
  @IsOptional()
  @IsEnum(LeadSource)
  source?: LeadSource | null;

  @Field(() => String, { nullable: true, description: 'Owning user; the caller unless given.' })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'ownerId must not be empty' })
  @MaxLength(200)
  ownerId?: string | null;
}
