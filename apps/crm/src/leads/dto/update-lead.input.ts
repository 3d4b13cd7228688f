import { Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsEnum, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { trim } from '@platform/graphql';
import { PHONE, PHONE_MESSAGE } from '../../customers/dto/validation';
import { LeadStatus } from '../lead.model';

/** Fields left out stay as they are; null clears company, phone, ownerId (and names, to ""). */
@InputType()
export class UpdateLeadInput {
  @Field(() => String, { nullable: true })
  @Transform(trim)
  @ValidateIf((o: UpdateLeadInput) => o.email !== undefined)
  @IsEmail({}, { message: 'email must be an email address such as ada@example.com' })
  @MaxLength(320)
  email?: string;

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

  @Field(() => LeadStatus, { nullable: true, description: 'NEW, CONTACTED, QUALIFIED or UNQUALIFIED; convertLead sets CONVERTED.' })
  @ValidateIf((o: UpdateLeadInput) => o.status !== undefined)
  @IsEnum(LeadStatus, { message: 'status must be NEW, CONTACTED, QUALIFIED or UNQUALIFIED' })
  status?: LeadStatus;

  @Field(() => String, { nullable: true })
  @Transform(trim)
  @IsOptional()
  @IsNotEmpty({ message: 'ownerId must not be empty' })
  @MaxLength(200)
  ownerId?: string | null;
}
